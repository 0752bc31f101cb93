package io.ganglion.balancer.stats.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's templates: values escaped for HTML unless the slot takes a fragment, slots without a value empty. */
class PageTemplateTest {
    @Test
    void escapesValuesAndKeepsFragments() {
        PageTemplate t = PageTemplate.compile("<h2 title=\"{{desc}}\">{{desc}}</h2>{{{row}}}<p>{{missing}}</p>");
        assertThat(t.render(Map.of("desc", "a<b & \"c\" 'd'>", "row", "<tr class=\"x\">")))
                .isEqualTo("<h2 title=\"a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\">a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;</h2>"
                        + "<tr class=\"x\"><p></p>");
    }

    @Test
    void anUnclosedSlotIsABugFoundAtLoad() {
        assertThatThrownBy(() -> PageTemplate.compile("<td>{{name</td>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverStatesGetHaproxysClasses() {
        assertThat(StatsPageHtml.stateClass("UP", false)).isEqualTo("active_up");
        assertThat(StatsPageHtml.stateClass("UP 1/3", false)).isEqualTo("active_going_down");
        assertThat(StatsPageHtml.stateClass("DOWN 1/2", true)).isEqualTo("backup_going_up");
        assertThat(StatsPageHtml.stateClass("DOWN", false)).isEqualTo("active_down");
        assertThat(StatsPageHtml.stateClass("DRAIN", true)).isEqualTo("backup_draining");
        assertThat(StatsPageHtml.stateClass("NOLB", false)).isEqualTo("active_nolb");
        assertThat(StatsPageHtml.stateClass("MAINT (via be/s1)", false)).isEqualTo("maintain");
        assertThat(StatsPageHtml.stateClass("no check", false)).isEqualTo("active_no_check");
    }
}
