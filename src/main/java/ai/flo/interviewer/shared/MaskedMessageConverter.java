package ai.flo.interviewer.shared;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A log event's message with secrets masked ({@link Secrets}). */
public class MaskedMessageConverter extends MessageConverter {

	@Override
	public String convert(ILoggingEvent event) {
		return Secrets.mask(super.convert(event));
	}

}
