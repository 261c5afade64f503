package ai.flo.interviewer.webhooks;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.shared.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A webhook URL needs a Standard Webhooks secret; mistakes stop the start naming the
 * variable.
 */
class WebhookPropertiesTests {

	@Test
	void secretsAreStandardWebhooksSecrets() {
		URI url = URI.create("https://ats.example.com/hooks");
		assertThat(new WebhookProperties(url, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+UstLUzfkQs=",
				Duration.ofSeconds(5), 3)
			.key()).hasSize(32);
		assertThatThrownBy(() -> new WebhookProperties(url, null, Duration.ofSeconds(5), 3))
			.isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("FLO_WEBHOOK_SECRET");
		assertThatThrownBy(
				() -> new WebhookProperties(url, "plain-secret-of-the-right-length", Duration.ofSeconds(5), 3))
			.hasMessageContaining("whsec_");
		assertThatThrownBy(() -> new WebhookProperties(url, "whsec_c2hvcnQ=", Duration.ofSeconds(5), 3))
			.hasMessageContaining("24 to 64");
		assertThatThrownBy(
				() -> new WebhookProperties(URI.create("ftp://x/y"), "whsec_c2hvcnQ=", Duration.ofSeconds(5), 3))
			.hasMessageContaining("FLO_WEBHOOK_URL");
		assertThat(new WebhookProperties(null, null, Duration.ofSeconds(5), 3).enabled()).isFalse();
	}

	@Test
	void theSignatureIsTheSpecificationsExample() {
		// The example of the Standard Webhooks specification (its README, "Signature
		// scheme").
		byte[] key = java.util.Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
		String signature = WebhookSignature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
				"{\"test\": 2432232314}");
		assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

}
