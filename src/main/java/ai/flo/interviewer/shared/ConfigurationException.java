package ai.flo.interviewer.shared;

/**
 * A start-up error caused by the operator's configuration. Reported by
 * {@link ConfigurationFailureAnalyzer} as a short message naming the variable and what to
 * do, instead of a stack trace.
 */
public class ConfigurationException extends RuntimeException {

	private final String variable;

	private final String action;

	public ConfigurationException(String variable, String problem, String action) {
		super(variable + ": " + problem);
		this.variable = variable;
		this.action = action;
	}

	public String variable() {
		return this.variable;
	}

	public String action() {
		return this.action;
	}

}
