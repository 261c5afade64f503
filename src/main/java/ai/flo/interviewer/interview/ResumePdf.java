package ai.flo.interviewer.interview;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import ai.flo.interviewer.shared.PdfText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

import org.springframework.util.unit.DataSize;

/**
 * The text of a resume a candidate attaches as a PDF, read here so the browser needs no
 * PDF library and the candidate sees (and may edit) the text that will be sent with the
 * join. Bounded: the body's size (enforced before it is read), the pages read, and the
 * text kept. PDFBox caches the document's streams in temporary files, not in memory.
 */
final class ResumePdf {

	/** The largest PDF accepted (a resume is a few hundred kilobytes). */
	static final DataSize MAX_SIZE = DataSize.ofMegabytes(5);

	/** Pages read at most; a resume has two or three. */
	static final int MAX_PAGES = 20;

	/**
	 * What was read.
	 *
	 * @param text the text, at most the resume length the join accepts
	 * @param pages the document's pages
	 * @param truncated whether the text was cut to that length (or pages were left)
	 */
	record Text(String text, int pages, boolean truncated) {
	}

	/** Why a PDF gave no text. */
	static final class Problem extends RuntimeException {

		final int status;

		final String slug;

		Problem(int status, String slug, String message) {
			super(message);
			this.status = status;
			this.slug = slug;
		}

	}

	private ResumePdf() {
	}

	static Text read(byte[] pdf, int maxChars) {
		if (!startsLikePdf(pdf)) {
			throw new Problem(415, "resume-not-pdf", "This file is not a PDF. Attach your resume as a PDF, "
					+ "or paste its text into the box instead.");
		}
		String text;
		int pages;
		try (PDDocument document = Loader.loadPDF(pdf, "", null, null, IOUtils.createTempFileOnlyStreamCache())) {
			pages = document.getNumberOfPages();
			text = PdfText.read(document, MAX_PAGES, Duration.ofSeconds(10))
				.replace("\r\n", "\n")
				.replaceAll("[ \\t\\x0B\\f]+\\n", "\n")
				.replaceAll("\\n{3,}", "\n\n")
				.strip();
		}
		catch (InvalidPasswordException ex) {
			throw new Problem(422, "resume-unreadable",
					"This PDF is protected by a password. Attach one without a password, or paste the text.");
		}
		catch (PdfText.TooComplex ex) {
			throw new Problem(422, "resume-unreadable", "This PDF is too complex to read (" + ex.getMessage()
					+ "). Attach a plain export of your resume, or paste its text instead.");
		}
		catch (IOException | RuntimeException ex) {
			throw new Problem(422, "resume-unreadable",
					"This PDF could not be read. Attach another copy, or paste your resume's text instead.");
		}
		if (text.isBlank()) {
			throw new Problem(422, "resume-without-text", "This PDF has no text to read (is it a scan?). "
					+ "Paste your resume's text into the box instead.");
		}
		boolean cut = text.length() > maxChars;
		return new Text(cut ? text.substring(0, maxChars) : text, pages, cut || pages > MAX_PAGES);
	}

	private static boolean startsLikePdf(byte[] bytes) {
		String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1);
		return head.contains("%PDF-");
	}

}
