package ai.flo.interviewer.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (Selenium's own
 * driver download is never used: both executables are named). For pages a user clicks
 * through: the candidate's interview page, the recruiter's console. Optionally a fake
 * microphone that plays a WAV file. Every browser gets a fresh profile; the flags are
 * those that keep Chromium from reaching out to the network on this machine.
 */
public final class Browser implements AutoCloseable {

	private final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** A browser without a microphone. */
	public static Browser start() {
		return start(null, false);
	}

	/**
	 * @param microphone a WAV file Chromium plays as the microphone, or null
	 * @param denyMicrophone whether to refuse the page's microphone request (as a user
	 * clicking "Block" does)
	 */
	public static Browser start(Path microphone, boolean denyMicrophone) {
		Path chromium = Chromium.binary();
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		if (!Files.isExecutable(chromedriver)) {
			throw new IllegalStateException("chromedriver is required for this test: run scripts/test-deps.sh");
		}
		Path profile;
		try {
			profile = Files.createTempDirectory("flo-browser");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> args = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-quic", "--window-size=1280,900",
				"--user-data-dir=" + profile, "--autoplay-policy=no-user-gesture-required"));
		if (denyMicrophone) {
			args.add("--deny-permission-prompts");
		}
		else {
			args.add("--use-fake-ui-for-media-stream");
		}
		if (microphone != null || denyMicrophone) {
			args.add("--use-fake-device-for-media-stream");
		}
		if (microphone != null) {
			args.add("--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath());
		}
		ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments(args);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		return new Browser(driver, profile);
	}

	public WebDriver driver() {
		return this.driver;
	}

	/** A PNG of the window as it is, into {@code target/test-artifacts/<name>.png}. */
	public Path screenshot(String name) {
		try {
			Path folder = Path.of("target", "test-artifacts");
			Files.createDirectories(folder);
			Path png = folder.resolve(name + ".png");
			File shot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			return png;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary profile
			}
		}
	}

}
