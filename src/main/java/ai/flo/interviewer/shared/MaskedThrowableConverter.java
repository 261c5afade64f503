package ai.flo.interviewer.shared;

import ch.qos.logback.classic.spi.IThrowableProxy;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Stack traces as Spring Boot prints them, with secrets in exception messages masked
 * ({@link Secrets}): drivers and HTTP clients like to put URLs in their messages.
 */
public class MaskedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy proxy) {
		return Secrets.mask(super.throwableProxyToString(proxy));
	}

}
