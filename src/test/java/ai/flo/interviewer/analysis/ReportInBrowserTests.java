package ai.flo.interviewer.analysis;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.flo.interviewer.testsupport.Chromium;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered report in a real browser (headless Chromium): parsed as HTML too, and
 * drawn.
 */
class ReportInBrowserTests {

	private final ReportRenderer renderer = new ReportRenderer();

	@TempDir
	Path dir;

	@Test
	void browserSeesScorecardAndTranscript() throws IOException {
		String url = write(this.renderer.html(SampleReports.interview()));

		String dom = Chromium.dumpDom(url);

		assertThat(dom).contains("id=\"scorecard\"", "id=\"transcript\"")
			.containsPattern("id=\"overall-score\"[^>]*>76<")
			.containsPattern("id=\"skill-3-score\"[^>]*>not scored: not discussed")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.doesNotContain("<script")
			.doesNotContain("id=\"candidate-feedback\"");
		assertThat(Pattern.compile("class=\"segment\"").matcher(dom).results().count()).isEqualTo(6);
	}

	@Test
	void screenshotOfTheReport() throws IOException {
		String url = write(this.renderer.html(SampleReports.interview()));
		Path png = Path.of("target", "test-artifacts", "report.png");
		Files.createDirectories(png.getParent());
		Files.deleteIfExists(png);

		Chromium.screenshot(url, png, 1200, 2400);

		byte[] bytes = Files.readAllBytes(png);
		assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
		assertThat(bytes.length).isGreaterThan(20_000);
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image.getWidth()).isEqualTo(1200);
		assertThat(image.getHeight()).isEqualTo(2400);
	}

	private String write(String html) throws IOException {
		Path file = this.dir.resolve("report.html");
		Files.writeString(file, html, StandardCharsets.UTF_8);
		return file.toUri().toString();
	}

}
