package ai.flo.interviewer.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser test support drives Debian's chromium: a page's script runs and a click
 * lands.
 */
class BrowserTests {

	@Test
	void aPageIsScriptedAndClicked(@TempDir Path folder) throws Exception {
		Path page = Files.writeString(folder.resolve("page.html"),
				"""
						<!doctype html><html><body>
						<button id="b" onclick="document.getElementById('out').textContent = 'clicked ' + navigator.userAgent.includes('Chrome')">Go</button>
						<p id="out">not yet</p></body></html>""");
		try (Browser browser = Browser.start()) {
			browser.driver().get(page.toUri().toString());
			browser.driver().findElement(By.id("b")).click();
			assertThat(browser.driver().findElement(By.id("out")).getText()).isEqualTo("clicked true");
			assertThat(browser.screenshot("browser-support")).isRegularFile();
		}
	}

}
