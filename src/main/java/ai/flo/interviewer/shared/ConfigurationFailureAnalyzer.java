package ai.flo.interviewer.shared;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ConfigurationException} anywhere in the cause chain into a plain report.
 */
class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
		return new FailureAnalysis("Invalid configuration: " + cause.getMessage(), cause.action(), cause);
	}

}
