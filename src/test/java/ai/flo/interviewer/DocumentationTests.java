package ai.flo.interviewer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and {@code docs/} against the code, so that neither drifts: settings,
 * endpoints, problem types, the README's shape, and links. No Spring context: the
 * sources, the configuration files and the controllers' annotations are read directly.
 * Each check names exactly what is missing and where to add it.
 */
class DocumentationTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final Path CONFIGURATION = ROOT.resolve("docs/configuration.md");

	private static final Path API = ROOT.resolve("docs/api.md");

	private static final Path README = ROOT.resolve("README.md");

	private static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");

	/** {@code ${NAME}} or {@code ${NAME:default}} in application*.yml. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	/** A row of a configuration table: {@code | `NAME` | default | meaning |}. */
	private static final Pattern VARIABLE_ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|([^|]*)\\|");

	/** A line of .env.example that sets a variable, or shows it commented out. */
	private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=");

	/**
	 * Read by start.sh, not by a setting (so not in application.yml); each must appear in
	 * start.sh.
	 */
	private static final Set<String> START_SCRIPT_VARIABLES = Set.of("JAVA_OPTS", "API_JAVA_OPTS", "WORKER_JAVA_OPTS",
			"APP_JAR", "START_WORKER", "START_API", "WORKER_MAX_RESTARTS", "JAVA_HOME", "APP_CDS", "APP_CDS_DIR",
			"MALLOC_ARENA_MAX");

	/** Read by LiveKit's native engine (liblivekit_ffi.so) from the environment. */
	private static final Set<String> NATIVE_VARIABLES = Set.of("RUST_LOG");

	/** Documented defaults that are not application.yml's, and why. */
	private static final Map<String, String> DEFAULT_EXCEPTIONS = Map.of("FLO_HOME",
			"start.sh sets it to its own folder; application.yml's '.' applies to the jar run alone");

	/** An endpoint in docs/api.md: {@code `GET /api/records/{id}`}, a query allowed. */
	private static final Pattern DOCUMENTED_ENDPOINT = Pattern
		.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s?\\[]*)[^`]*`");

	/** A row of the problem table: {@code | `slug` | 404 | when |}. */
	private static final Pattern PROBLEM_ROW = Pattern
		.compile("^\\|\\s*`([a-z0-9]+(?:-[a-z0-9]+)+)`\\s*\\|\\s*(\\d{3})\\s*\\|");

	private static final Pattern KEBAB_LITERAL = Pattern.compile("\"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\"");

	/** Lines where a problem's slug is given (or the line after). */
	private static final Pattern PROBLEM_CONTEXT = Pattern.compile("Problem|slug|status\\(HttpStatus");

	private static final Pattern SWITCH_CASE = Pattern.compile("case [A-Z_]+ -> \"");

	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");

	private static final int README_LIMIT = 12 * 1024;

	// --- (a) settings -----------------------------------------------------------------

	@Test
	void everySettingIsDocumentedAndInEnvExample() throws IOException {
		Map<String, Set<String>> settings = settings();
		Map<String, String> documented = documentedVariables();
		Set<String> inEnvExample = envExampleVariables();

		SoftAssertions softly = new SoftAssertions();
		Set<String> notDocumented = new TreeSet<>(settings.keySet());
		notDocumented.removeAll(documented.keySet());
		softly.assertThat(notDocumented)
			.as("Variables of application*.yml without a row in docs/configuration.md (add '| `NAME` | default | meaning |')")
			.isEmpty();

		Set<String> notInEnvExample = new TreeSet<>(settings.keySet());
		notInEnvExample.removeAll(inEnvExample);
		softly.assertThat(notInEnvExample)
			.as("Variables of application*.yml missing from .env.example (add 'NAME=' or '#NAME=default')")
			.isEmpty();
		softly.assertAll();
	}

	@Test
	void everyDocumentedVariableIsReadBySomething() throws IOException {
		Set<String> known = new TreeSet<>(settings().keySet());
		known.addAll(START_SCRIPT_VARIABLES);
		known.addAll(NATIVE_VARIABLES);

		SoftAssertions softly = new SoftAssertions();
		Set<String> unknownDocumented = new TreeSet<>(documentedVariables().keySet());
		unknownDocumented.removeAll(known);
		softly.assertThat(unknownDocumented)
			.as("Variables in docs/configuration.md that no application*.yml placeholder, start.sh or the native engine reads (remove the row, or add the setting)")
			.isEmpty();

		Set<String> unknownInEnvExample = new TreeSet<>(envExampleVariables());
		unknownInEnvExample.removeAll(known);
		softly.assertThat(unknownInEnvExample)
			.as("Variables in .env.example that nothing reads (a FLO_* one would stop the start)")
			.isEmpty();

		String startScript = read(ROOT.resolve("start.sh"));
		softly.assertThat(START_SCRIPT_VARIABLES.stream().filter((name) -> !startScript.contains("${" + name)).sorted())
			.as("Variables this test takes as read by start.sh that start.sh does not read")
			.isEmpty();
		softly.assertAll();
	}

	@Test
	void documentedDefaultsAreTheConfiguredOnes() throws IOException {
		Map<String, Set<String>> settings = settings();
		Map<String, String> documented = documentedVariables();
		List<String> wrong = new ArrayList<>();
		settings.forEach((name, defaults) -> {
			String cell = documented.get(name);
			if (cell == null || DEFAULT_EXCEPTIONS.containsKey(name)) {
				return;
			}
			if (defaults.size() != 1) {
				wrong.add(name + ": application*.yml gives different defaults " + defaults);
				return;
			}
			String value = defaults.iterator().next();
			boolean matches = value.isEmpty() ? cell.startsWith("empty") : cell.contains("`" + value + "`");
			if (!matches) {
				wrong.add(name + ": documented '" + cell + "', application*.yml says "
						+ (value.isEmpty() ? "empty" : "`" + value + "`"));
			}
		});
		assertThat(wrong).as("Defaults in docs/configuration.md that differ from application*.yml").isEmpty();
	}

	/** Every placeholder of application*.yml with its defaults (empty text: none). */
	private static Map<String, Set<String>> settings() throws IOException {
		Map<String, Set<String>> settings = new TreeMap<>();
		try (Stream<Path> files = Files.list(ROOT.resolve("src/main/resources"))) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("application.*\\.ya?ml"))
				.sorted()
				.toList()) {
				Matcher matcher = PLACEHOLDER.matcher(read(file));
				while (matcher.find()) {
					settings.computeIfAbsent(matcher.group(1), (k) -> new LinkedHashSet<>())
						.add((matcher.group(2) != null) ? matcher.group(2) : "");
				}
			}
		}
		assertThat(settings).as("placeholders in application*.yml").isNotEmpty();
		return settings;
	}

	/** The variables of docs/configuration.md's tables, each with its default cell. */
	private static Map<String, String> documentedVariables() throws IOException {
		Map<String, String> documented = new LinkedHashMap<>();
		List<String> duplicates = new ArrayList<>();
		for (String line : lines(CONFIGURATION)) {
			Matcher matcher = VARIABLE_ROW.matcher(line);
			if (matcher.find() && documented.put(matcher.group(1), matcher.group(2).strip()) != null) {
				duplicates.add(matcher.group(1));
			}
		}
		assertThat(duplicates).as("Variables with more than one row in docs/configuration.md").isEmpty();
		assertThat(documented).as("rows in docs/configuration.md").isNotEmpty();
		return documented;
	}

	private static Set<String> envExampleVariables() throws IOException {
		Set<String> names = new TreeSet<>();
		for (String line : lines(ENV_EXAMPLE)) {
			Matcher matcher = ENV_LINE.matcher(line);
			if (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	// --- (b) endpoints and problems
	// -----------------------------------------------------

	@Test
	void everyMappedEndpointIsDocumentedAndEveryDocumentedOneMapped() throws IOException {
		Map<String, String> mapped = mappedEndpoints();
		Set<String> documented = documentedEndpoints();

		List<String> undocumented = mapped.entrySet()
			.stream()
			.filter((e) -> !documented.contains(e.getKey()))
			.map((e) -> e.getKey() + " (" + e.getValue() + ")")
			.toList();
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(undocumented)
			.as("Endpoints the controllers map that docs/api.md does not list (add a row with `METHOD /path`)")
			.isEmpty();

		List<String> unmapped = documented.stream()
			.filter((e) -> e.contains(" /api/") && !mapped.containsKey(e))
			.sorted()
			.toList();
		softly.assertThat(unmapped).as("Endpoints in docs/api.md that no controller maps").isEmpty();
		softly.assertAll();
	}

	@Test
	void everyProblemTypeIsDocumented() throws IOException {
		Map<String, String> inCode = problemSlugsInCode();
		Set<String> documented = new TreeSet<>();
		for (String line : lines(API)) {
			Matcher matcher = PROBLEM_ROW.matcher(line);
			if (matcher.find()) {
				documented.add(matcher.group(1));
			}
		}
		SoftAssertions softly = new SoftAssertions();
		softly
			.assertThat(inCode.entrySet()
				.stream()
				.filter((e) -> !documented.contains(e.getKey()))
				.map((e) -> e.getKey() + " (" + e.getValue() + ")"))
			.as("Problem types the code returns that docs/api.md's error table lacks (add '| `slug` | status | when |')")
			.isEmpty();
		softly.assertThat(documented.stream().filter((slug) -> !inCode.containsKey(slug)))
			.as("Problem types in docs/api.md that the code no longer returns")
			.isEmpty();
		softly.assertAll();
	}

	@Test
	void endpointScanFindsTheControllers() {
		// Guards the scan itself: an empty result would make the endpoint check pass
		// vacuously.
		assertThat(mappedEndpoints()).containsKeys("POST /api/records", "GET /api/records/{}",
				"POST /api/interviews/join", "POST /api/livekit/webhook", "GET /api/analyses/{}/report.pdf");
	}

	/**
	 * "METHOD /path" (path variables as {@code {}}) of every handler method of the
	 * controllers under this package, with the method that maps it.
	 */
	private static Map<String, String> mappedEndpoints() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		Map<String, String> endpoints = new TreeMap<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(DocumentationTests.class.getPackageName())) {
			Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(),
					DocumentationTests.class.getClassLoader());
			RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
			List<String> prefixes = (base != null && base.path().length > 0) ? Arrays.asList(base.path()) : List.of("");
			for (Method method : type.getDeclaredMethods()) {
				RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
				if (mapping == null) {
					continue;
				}
				List<String> verbs = (mapping.method().length > 0)
						? Arrays.stream(mapping.method()).map(RequestMethod::name).toList() : List.of("ANY");
				List<String> paths = (mapping.path().length > 0) ? Arrays.asList(mapping.path()) : List.of("");
				for (String prefix : prefixes) {
					for (String path : paths) {
						for (String verb : verbs) {
							endpoints.put(verb + " " + normalise(prefix + path),
									type.getSimpleName() + "#" + method.getName());
						}
					}
				}
			}
		}
		return endpoints;
	}

	private static Set<String> documentedEndpoints() throws IOException {
		Set<String> endpoints = new TreeSet<>();
		Matcher matcher = DOCUMENTED_ENDPOINT.matcher(read(API));
		while (matcher.find()) {
			endpoints.add(matcher.group(1) + " " + normalise(matcher.group(2)));
		}
		return endpoints;
	}

	private static String normalise(String path) {
		String normalised = path.replaceAll("\\{[^}]*}", "{}");
		return (normalised.length() > 1 && normalised.endsWith("/")) ? normalised.substring(0, normalised.length() - 1)
				: normalised;
	}

	/**
	 * The problem slugs our code passes to {@code Problems.of} and the modules' problem
	 * types: kebab-case literals on a line that builds a problem (or the line after one),
	 * or in a {@code case X -> "slug"} that picks one. With the file and line of the
	 * first.
	 */
	private static Map<String, String> problemSlugsInCode() throws IOException {
		Map<String, String> slugs = new TreeMap<>();
		Path main = ROOT.resolve("src/main/java");
		try (Stream<Path> files = Files.walk(main)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).sorted().toList()) {
				List<String> lines = lines(file);
				for (int i = 0; i < lines.size(); i++) {
					String line = lines.get(i);
					boolean context = PROBLEM_CONTEXT.matcher(line).find()
							|| (i > 0 && PROBLEM_CONTEXT.matcher(lines.get(i - 1)).find())
							|| SWITCH_CASE.matcher(line).find();
					if (!context) {
						continue;
					}
					Matcher literal = KEBAB_LITERAL.matcher(line);
					while (literal.find()) {
						slugs.putIfAbsent(literal.group(1), main.relativize(file) + ":" + (i + 1));
					}
				}
			}
		}
		assertThat(slugs).as("problem slugs found in src/main/java").containsKeys("not-found", "invalid-request");
		return slugs;
	}

	// --- (c) the README
	// -----------------------------------------------------------------

	@Test
	void readmeIsShortAndStartsWithTheTwoCommands() throws IOException {
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(Files.size(README))
			.as("README.md's size in bytes (move reference to docs/)")
			.isLessThan(README_LIMIT);
		List<String> lines = lines(README);
		int open = -1;
		for (int i = 0; i < lines.size() && open < 0; i++) {
			if (lines.get(i).startsWith("```")) {
				open = i;
			}
			else {
				softly.assertThat(lines.get(i))
					.as("README.md line %d: no section before the two commands", i + 1)
					.doesNotStartWith("## ");
			}
		}
		assertThat(open).as("README.md has a code block").isNotNegative();
		StringBuilder block = new StringBuilder();
		for (int i = open + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
			block.append(lines.get(i)).append('\n');
		}
		softly.assertThat(block.toString())
			.as("README.md's first code block")
			.contains("./start.sh", "scripts/test.sh");
		softly.assertThat(read(ROOT.resolve(".ci/run")))
			.as(".ci/run runs the README's test command")
			.contains("scripts/test.sh");
		softly.assertAll();
	}

	// --- (d) links
	// ----------------------------------------------------------------------

	@Test
	void relativeLinksPointAtExistingFilesAndHeadings() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(README));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((f) -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		List<String> broken = new ArrayList<>();
		for (Path document : documents) {
			Matcher matcher = LINK.matcher(withoutCodeBlocks(read(document)));
			while (matcher.find()) {
				String target = matcher.group(1);
				if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
					continue;
				}
				int hash = target.indexOf('#');
				String file = (hash >= 0) ? target.substring(0, hash) : target;
				String anchor = (hash >= 0) ? target.substring(hash + 1) : null;
				Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
				String where = ROOT.relativize(document) + ": " + target;
				if (!Files.exists(resolved)) {
					broken.add(where + " (no such file)");
				}
				else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
					broken.add(where + " (no such heading in " + ROOT.relativize(resolved) + ")");
				}
			}
		}
		assertThat(broken).as("Broken relative links in README.md and docs/*.md").isEmpty();
	}

	/** GitHub's anchors for a document's headings. */
	private static Set<String> anchors(Path markdown) throws IOException {
		Set<String> anchors = new LinkedHashSet<>();
		for (String line : withoutCodeBlocks(read(markdown)).split("\n")) {
			if (line.matches("^#{1,6} .*")) {
				String text = line.replaceFirst("^#{1,6} ", "").strip().toLowerCase(Locale.ROOT);
				anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
			}
		}
		return anchors;
	}

	private static String withoutCodeBlocks(String markdown) {
		return markdown.replaceAll("(?ms)^```.*?^```[^\\n]*$", "");
	}

	// ---

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	private static List<String> lines(Path file) throws IOException {
		return Files.readAllLines(file, StandardCharsets.UTF_8);
	}

}
