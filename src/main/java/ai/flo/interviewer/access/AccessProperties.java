package ai.flo.interviewer.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ADMIN_API_KEYS}: comma-separated admin keys, each either a bare key (as older
 * {@code .env} files have it: named {@code key-1}, {@code key-2}... in the audit log), or
 * {@code name:key}, or {@code name:key:read} for a key that may only read. Empty: one key
 * is generated at first start.
 *
 * @param adminApiKeys the variable's value
 */
@ConfigurationProperties("flo.access")
record AccessProperties(String adminApiKeys) {

	static final int MIN_KEY_LENGTH = 24;

	/**
	 * One configured key: its name (for the audit log), the key itself, and its scope.
	 */
	record KeySpec(String name, String key, boolean readOnly) {

		@Override
		public String toString() {
			return "KeySpec[name=" + this.name + ", readOnly=" + this.readOnly + "]";
		}

	}

	AccessProperties {
		keys(adminApiKeys);
	}

	List<KeySpec> keys() {
		return keys(this.adminApiKeys);
	}

	private static List<KeySpec> keys(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		List<String> entries = Arrays.stream(value.split(",")).map(String::strip).filter((k) -> !k.isEmpty()).toList();
		List<KeySpec> keys = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			String[] parts = entries.get(i).split(":", -1);
			KeySpec spec = switch (parts.length) {
				case 1 -> new KeySpec("key-" + (i + 1), parts[0], false);
				case 2 -> new KeySpec(name(parts[0], i), parts[1].strip(), false);
				case 3 -> new KeySpec(name(parts[0], i), parts[1].strip(), scope(parts[2], i));
				default -> throw invalid(i, "has more than two ':' (write name:key or name:key:read)");
			};
			if (spec.key().length() < MIN_KEY_LENGTH) {
				throw invalid(i, "has a key of " + spec.key().length() + " characters; at least " + MIN_KEY_LENGTH
						+ " are required");
			}
			if (!names.add(spec.name())) {
				throw invalid(i, "repeats the name '" + spec.name() + "'");
			}
			keys.add(spec);
		}
		return List.copyOf(keys);
	}

	private static String name(String name, int index) {
		String value = name.strip();
		if (!value.matches("[A-Za-z0-9_.@-]{1,64}")) {
			throw invalid(index,
					"has the name '" + value + "'; a name is 1 to 64 letters, digits, '.', '_', '@' or '-'");
		}
		return value;
	}

	private static boolean scope(String scope, int index) {
		return switch (scope.strip().toLowerCase(Locale.ROOT)) {
			case "read", "read-only", "readonly" -> true;
			case "full", "admin", "" -> false;
			default -> throw invalid(index, "has the scope '" + scope.strip() + "'; use read (or leave it out)");
		};
	}

	private static IllegalArgumentException invalid(int index, String problem) {
		return new IllegalArgumentException("ADMIN_API_KEYS: entry " + (index + 1) + " " + problem);
	}

	@Override
	public String toString() {
		return "AccessProperties[adminApiKeys=" + keys().size() + " key(s)]";
	}

}
