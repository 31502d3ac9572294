package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.flowaudit.connect.hubble.api.flow.FlowFilter;
import io.flowaudit.connect.hubble.api.flow.Verdict;

class FlowFiltersTest {
    @Test
    void shouldReadAJsonArrayOfFilters() {
        List<FlowFilter> filters = FlowFilters.parse("[{\"verdict\":[\"DROPPED\"]},{\"source_pod\":[\"dev/\"]}]");
        assertThat(filters).hasSize(2);
        assertThat(filters.get(0).getVerdictList()).containsExactly(Verdict.DROPPED);
        assertThat(filters.get(1).getSourcePodList()).containsExactly("dev/");
    }

    @Test
    void shouldReadCommaSeparatedFiltersAsTheExporterTakesThem() {
        assertThat(FlowFilters.parse("{\"verdict\":[\"DROPPED\",\"ERROR\"]}, {\"destination_port\":[\"53\"]}"))
                .hasSize(2);
    }

    @Test
    void shouldReadNothingFromBlankText() {
        assertThat(FlowFilters.parse("  ")).isEmpty();
    }

    @Test
    void shouldRejectMisspeltFieldsAndNonObjects() {
        assertThatThrownBy(() -> FlowFilters.parse("[{\"verdicts\":[\"DROPPED\"]}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter 0");
        assertThatThrownBy(() -> FlowFilters.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> FlowFilters.parse("[{")).hasMessageContaining("not JSON");
    }
}
