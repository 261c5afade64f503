package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.MultipartConfigElement;

import ai.flo.interviewer.shared.BodyLimit;
import ai.flo.interviewer.shared.DataFolders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;
import org.springframework.util.unit.DataSize;

/**
 * Uploads are written by the servlet container straight to {@code uploads/.incoming}
 * (never held in memory), on the same file system as their final place, so accepting one
 * is a rename.
 */
@Configuration(proxyBeanMethods = false)
class AnalysisConfiguration {

	@Bean
	@Profile("!worker")
	@Lazy(false) // the folder is made, or refused, at start-up
	MultipartConfigElement multipartConfigElement(DataFolders folders, AnalysisProperties properties) {
		Path incoming = folders.uploads().resolve(".incoming");
		try {
			Files.createDirectories(incoming);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + incoming, ex);
		}
		long max = properties.maxUploadSize().toBytes();
		return new MultipartConfigElement(incoming.toString(), max, max, 0);
	}

	/** The recording or transcript upload: the only endpoint with large bodies. */
	@Bean
	BodyLimit uploadBodyLimit(AnalysisProperties properties) {
		return BodyLimit.upload("POST", "/api/analyses", properties.maxUploadSize(), "FLO_UPLOAD_MAX_SIZE");
	}

	/**
	 * A human evaluation (PDF or text) to compare with; the rest of the form is a few
	 * fields.
	 */
	@Bean
	BodyLimit evaluationBodyLimit(AnalysisProperties properties) {
		return BodyLimit.upload("POST", "/api/analyses/compare",
				DataSize.ofBytes(properties.maxTranscriptSize().toBytes() + 64 * 1024),
				"FLO_ANALYSIS_MAX_TRANSCRIPT_SIZE");
	}

}
