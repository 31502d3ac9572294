package io.flowaudit.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void shouldReadTheProjectVersionFromTheFilteredResource() {
        assertThat(Version.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
