package ai.flo.interviewer.analysis;

import java.util.logging.Level;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends openhtmltopdf's log to SLF4J. Left alone, it writes to stderr through its own
 * java.util.logging handler, in its own format, past the application's logging. Its INFO
 * is chatter on every render (timings, "fast mode"), so it becomes DEBUG.
 */
final class PdfLogging implements XRLogger {

	private PdfLogging() {
	}

	/** Installs the bridge (a process-wide setting of openhtmltopdf). */
	static void install() {
		if (!(XRLog.getLoggerImpl() instanceof PdfLogging)) {
			XRLog.setLoggerImpl(new PdfLogging());
		}
	}

	@Override
	public void log(String where, Level level, String message) {
		log(where, level, message, null);
	}

	@Override
	public void log(String where, Level level, String message, Throwable error) {
		Logger logger = LoggerFactory.getLogger(where);
		int value = level.intValue();
		if (value >= Level.SEVERE.intValue()) {
			logger.error(message, error);
		}
		else if (value >= Level.WARNING.intValue()) {
			logger.warn(message, error);
		}
		else if (value >= Level.INFO.intValue()) {
			logger.debug(message, error);
		}
		else {
			logger.trace(message, error);
		}
	}

	@Override
	public void setLevel(String where, Level level) {
		// Levels are the application's logging configuration
		// (logging.level.com.openhtmltopdf).
	}

	@Override
	public boolean isLogLevelEnabled(Diagnostic diagnostic) {
		Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
		int value = diagnostic.getLevel().intValue();
		if (value >= Level.SEVERE.intValue()) {
			return logger.isErrorEnabled();
		}
		if (value >= Level.WARNING.intValue()) {
			return logger.isWarnEnabled();
		}
		return (value >= Level.INFO.intValue()) ? logger.isDebugEnabled() : logger.isTraceEnabled();
	}

}
