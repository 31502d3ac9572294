package io.flowaudit.flow.hubble;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StringPoolTest {
    @Property(tries = 500)
    void internsToEqualTextWhateverWasSeenBefore(@ForAll @Size(max = 200) List<@StringLength(max = 300) String> texts) {
        StringPool pool = new StringPool(16);
        for (String text : texts) {
            char[] padded = ("<<" + text + ">>").toCharArray();
            assertThat(pool.intern(padded, 2, text.length())).isEqualTo(text);
        }
    }

    @Test
    void returnsTheSameInstanceForRepeatedText() {
        StringPool pool = new StringPool(64);
        char[] text = "k8s:io.cilium.k8s.policy.serviceaccount=default".toCharArray();

        String first = pool.intern(text, 0, text.length);

        assertThat(pool.intern(text.clone(), 0, text.length)).isSameAs(first);
        assertThat(pool.intern(text, 0, 0)).isEmpty();
    }

    @Property(tries = 500)
    void cachesListsEqualToTheirItems(
            @ForAll @Size(max = 100) List<@Size(max = 12) List<@StringLength(max = 8) String>> lists) {
        StringListCache cache = new StringListCache(16);
        for (List<String> items : lists) {
            String[] scratch = items.toArray(new String[0]);
            List<String> cached = cache.listOf(scratch, scratch.length);
            assertThat(cached).isEqualTo(items);
            assertThat(cache.listOf(items.toArray(new String[0]), items.size())).isSameAs(cached);
        }
    }
}
