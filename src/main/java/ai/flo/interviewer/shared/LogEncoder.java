package ai.flo.interviewer.shared;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The encoder of logback-spring.xml's appenders: lines in the configured pattern
 * ({@code FLO_LOG_FORMAT=text}, the default), or one JSON object per line through Spring
 * Boot's structured logging ({@code json} or {@code ecs}: Elastic Common Schema;
 * {@code logstash}). Logback cannot choose an encoder by a property without a scripting
 * library, hence this switch. Secrets are masked either way (the pattern's converters,
 * {@link MaskedJsonLogs}).
 */
public class LogEncoder extends EncoderBase<ILoggingEvent> {

	private String format = "text";

	private String pattern;

	private Charset charset = StandardCharsets.UTF_8;

	private Encoder<ILoggingEvent> delegate;

	public void setFormat(String format) {
		this.format = format;
	}

	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	/** The structured format for a {@code FLO_LOG_FORMAT} value; null for text. */
	static String structured(String format) {
		String value = (format != null) ? format.strip().toLowerCase(Locale.ROOT) : "";
		return switch (value) {
			case "", "text" -> null;
			case "json", "ecs" -> "ecs";
			case "logstash" -> "logstash";
			default -> throw new IllegalArgumentException(
					"FLO_LOG_FORMAT must be text, json (Elastic Common Schema), ecs or logstash, not '" + format + "'");
		};
	}

	@Override
	public void start() {
		String structured;
		try {
			structured = structured(this.format);
		}
		catch (IllegalArgumentException ex) {
			addError(ex.getMessage());
			return;
		}
		if (structured == null) {
			PatternLayoutEncoder text = new PatternLayoutEncoder();
			text.setPattern(this.pattern);
			text.setCharset(this.charset);
			this.delegate = text;
		}
		else {
			StructuredLogEncoder json = new StructuredLogEncoder();
			json.setFormat(structured);
			json.setCharset(this.charset);
			this.delegate = json;
		}
		this.delegate.setContext(getContext());
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		if (this.delegate != null) {
			this.delegate.stop();
		}
		super.stop();
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(event);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}
