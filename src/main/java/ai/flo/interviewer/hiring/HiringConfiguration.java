package ai.flo.interviewer.hiring;

import ai.flo.interviewer.shared.BodyLimit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** What the hiring endpoints accept beyond small JSON bodies. */
@Configuration(proxyBeanMethods = false)
class HiringConfiguration {

	/** A job description file (PDF or text) whose text is read back. */
	@Bean
	BodyLimit descriptionFileBodyLimit() {
		return BodyLimit.upload("POST", "/api/records/description-text",
				DataSize.ofBytes(DescriptionFiles.MAX_SIZE.toBytes() + 64 * 1024));
	}

}
