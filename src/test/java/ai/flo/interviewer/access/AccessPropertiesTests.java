package ai.flo.interviewer.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forms of {@code ADMIN_API_KEYS}: bare keys (old .env files), names, read-only
 * scope.
 */
class AccessPropertiesTests {

	@Test
	void bareNamedAndReadOnlyKeys() {
		var keys = new AccessProperties(
				"bare-key-0123456789abcdefgh, ops:ops-key-0123456789abcdefghij ,audit:aud-key-0123456789abcdefghij:read")
			.keys();
		assertThat(keys).extracting(AccessProperties.KeySpec::name).containsExactly("key-1", "ops", "audit");
		assertThat(keys).extracting(AccessProperties.KeySpec::readOnly).containsExactly(false, false, true);
		assertThat(keys.get(1).key()).isEqualTo("ops-key-0123456789abcdefghij");
		assertThat(keys.toString()).doesNotContain("0123456789");
	}

	@Test
	void mistakesStopTheStartSayingWhichEntry() {
		assertThatThrownBy(() -> new AccessProperties("ops:short")).hasMessageContaining("entry 1")
			.hasMessageContaining("at least 24");
		assertThatThrownBy(() -> new AccessProperties("a:key-0123456789abcdefghijk:write"))
			.hasMessageContaining("scope 'write'");
		assertThatThrownBy(() -> new AccessProperties("a:key-0123456789abcdefghijk,a:other-0123456789abcdefghijk"))
			.hasMessageContaining("entry 2")
			.hasMessageContaining("repeats the name 'a'");
		assertThatThrownBy(() -> new AccessProperties("bad name:key-0123456789abcdefghijk"))
			.hasMessageContaining("name");
	}

}
