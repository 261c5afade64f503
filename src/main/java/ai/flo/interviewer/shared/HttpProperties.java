package ai.flo.interviewer.shared;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the API accepts from a client.
 *
 * @param maxJsonSize the largest body of an endpoint that declares no {@link BodyLimit}
 * of its own
 * @param bodyReadTimeout how long a client may take to send a (non-upload) body: a slow
 * sender cannot hold a request thread longer
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose
 * {@code X-Forwarded-For} is believed; empty: the peer's address is the client's
 */
@Validated
@ConfigurationProperties("flo.http")
public record HttpProperties(@DefaultValue("256KB") @NotNull DataSize maxJsonSize,
		@DefaultValue("30s") @NotNull Duration bodyReadTimeout, @DefaultValue List<String> trustedProxies) {

	public HttpProperties {
		trustedProxies = (trustedProxies == null) ? List.of()
				: trustedProxies.stream().map(String::strip).filter((p) -> !p.isEmpty()).toList();
	}

}
