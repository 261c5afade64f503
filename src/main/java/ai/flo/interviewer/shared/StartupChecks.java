package ai.flo.interviewer.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.apache.commons.logging.Log;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Checks made before anything else starts, logging included (its files live in the data
 * folders).
 * <p>
 * Stops the start when the environment holds a {@code FLO_*} variable that no setting
 * reads: a typo in a {@code .env} must not silently leave a default in force. The known
 * names are the placeholders of our own {@code application*.yml} (all profiles), so the
 * list cannot drift from the settings. Variables of other programs (PYTHONPATH,
 * PYTHONUNBUFFERED from an old {@code .env}) are none of our business and are ignored.
 * Then creates the data folders, proves they are writable, and checks
 * {@code DATABASE_URL}.
 */
class StartupChecks implements EnvironmentPostProcessor, Ordered {

	static final String PREFIX = "FLO_";

	/**
	 * Variables earlier versions read and this one does not: accepted with a warning (a
	 * {@code .env} that worked keeps working), with what replaced them.
	 */
	static final Map<String, String> RETIRED = Map.of("FLO_VOICE_CAPTIONS_TOPIC",
			"captions are LiveKit's standard lk.transcription text streams now; remove it from the environment");

	private final Log log;

	StartupChecks(DeferredLogFactory logs) {
		this.log = logs.getLog(StartupChecks.class);
	}

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Set<String> known = knownVariables(environment);
		Map<String, Object> system = environment.getSystemEnvironment();
		for (String name : new TreeSet<>(system.keySet())) {
			if (RETIRED.containsKey(name)) {
				this.log.warn(name + " is no longer read: " + RETIRED.get(name) + ".");
				continue;
			}
			if (name.startsWith(PREFIX) && !known.contains(name)) {
				throw new ConfigurationException(name, "no setting reads this variable.",
						suggestion(name, known) + "Known " + PREFIX + " variables: "
								+ String.join(", ", known.stream().filter((n) -> n.startsWith(PREFIX)).toList())
								+ ". See docs/configuration.md.");
			}
		}
		String home = environment.getProperty("flo.data.home");
		if (home != null && !home.isBlank()) {
			DataFolders folders = new DataFolders(home);
			folders.prepare();
			String database = environment.getProperty("flo.database.url");
			if (database != null) {
				DatabaseUrl.parse(database, folders.base());
			}
		}
	}

	/** Every placeholder of our application*.yml files, whichever profile is active. */
	static Set<String> knownVariables(ConfigurableEnvironment environment) {
		Set<String> names = new TreeSet<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:application*.yml")) {
				String text = resource.getContentAsString(StandardCharsets.UTF_8);
				Matcher matcher = PLACEHOLDER.matcher(text);
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the application configuration files", ex);
		}
		return names;
	}

	private static String suggestion(String name, Set<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(name, candidate);
			if (distance < bestDistance) {
				bestDistance = distance;
				best = candidate;
			}
		}
		return (best != null && bestDistance <= 3) ? "Did you mean " + best + "? " : "";
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
