package io.leasehold.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgLineChartTest {

  @Test
  void rendersWellFormedSvgWithOnePolylinePerSeries() throws Exception {
    double[] x = {0, 1, 2, 3};
    String svg = new SvgLineChart("Rate <vs> limit", "time (s)", "tokens/s")
        .line("ideal", x, new double[] {0, 10_000, 20_000, 15_000})
        .dashed("limit", x, new double[] {12_000, 12_000, 12_000, 12_000})
        .render();
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
    assertThat(svg).contains("Rate &lt;vs&gt; limit", "ideal", "limit", "stroke-dasharray", "20k");
  }

  @Test
  void ticksAreRoundNumbersCoveringTheRange() {
    assertThat(SvgLineChart.ticks(0, 23_000)).containsExactly(0, 5_000, 10_000, 15_000, 20_000, 25_000);
    assertThat(SvgLineChart.ticks(0, 1)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1);
  }
}
