package ai.flo.interviewer.hiring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import ai.flo.interviewer.shared.PdfText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * The text of a job description a recruiter has as a file: a PDF with text, or a UTF-8
 * text file. Nothing is stored; the text goes back to be checked and sent with the
 * record.
 */
final class DescriptionFiles {

	/** A job description, not a book. */
	static final DataSize MAX_SIZE = DataSize.ofMegabytes(5);

	static final int MAX_PDF_PAGES = 50;

	private DescriptionFiles() {
	}

	static String text(MultipartFile file) {
		if (file == null || file.isEmpty()) {
			throw new DescriptionProblem(HttpStatus.BAD_REQUEST, "description-file-missing",
					"Send the job description as the multipart file 'file' (a PDF or a text file).");
		}
		if (file.getSize() > MAX_SIZE.toBytes()) {
			throw new DescriptionProblem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
					"The file has " + file.getSize() + " bytes; a job description file may have at most "
							+ MAX_SIZE.toMegabytes() + " MB.");
		}
		try {
			byte[] head;
			try (InputStream in = file.getInputStream()) {
				head = in.readNBytes(5);
			}
			String text = Arrays.equals(head, "%PDF-".getBytes(StandardCharsets.ISO_8859_1)) ? pdf(file)
					: utf8(file.getBytes());
			if (text == null) {
				throw new DescriptionProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "description-file-unsupported",
						"The file is neither a PDF nor UTF-8 text: save the job description as PDF or as text.");
			}
			String stripped = text.replace("\r\n", "\n").replace('\u0000', ' ').strip();
			if (stripped.isEmpty()) {
				throw new DescriptionProblem(HttpStatus.UNPROCESSABLE_CONTENT, "description-file-empty",
						"The file holds no text (a scanned PDF has only images of text): paste the description instead.");
			}
			return stripped;
		}
		catch (IOException ex) {
			throw new DescriptionProblem(HttpStatus.UNPROCESSABLE_CONTENT, "description-file-unreadable",
					"The file could not be read as a PDF (" + ex.getMessage() + "): paste the description instead.");
		}
	}

	private static String pdf(MultipartFile file) throws IOException {
		Path temporary = Files.createTempFile("flo-description", ".pdf");
		try {
			file.transferTo(temporary);
			try (PDDocument document = Loader.loadPDF(temporary.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
				return PdfText.read(document, MAX_PDF_PAGES, Duration.ofSeconds(10));
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static String utf8(byte[] bytes) {
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			return (text.indexOf('\u0000') >= 0) ? null : text.replaceFirst("^\uFEFF", "");
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/** A file that gives no job description, with the problem's status and type. */
	static final class DescriptionProblem extends RuntimeException {

		final HttpStatus status;

		final String slug;

		DescriptionProblem(HttpStatus status, String slug, String message) {
			super(message);
			this.status = status;
			this.slug = slug;
		}

	}

}
