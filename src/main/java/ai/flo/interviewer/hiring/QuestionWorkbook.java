package ai.flo.interviewer.hiring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The question export's columns, and the XLSX form of it (cells are text: nothing is
 * evaluated).
 */
final class QuestionWorkbook {

	static final List<String> COLUMNS = List.of("skill", "question", "ideal_answer", "format", "difficulty", "coding",
			"version", "liked", "feedback");

	private QuestionWorkbook() {
	}

	static List<String> row(Views.QuestionView q) {
		return List.of(q.skillName(), q.question(), q.idealAnswer(), q.format().name(), q.difficulty().name(),
				String.valueOf(q.coding()), String.valueOf(q.version()),
				(q.liked() == null) ? "" : (q.liked() ? "liked" : "disliked"),
				(q.feedback() != null) ? q.feedback() : "");
	}

	static byte[] write(List<Views.QuestionView> questions) {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("Questions");
			CellStyle header = workbook.createCellStyle();
			Font bold = workbook.createFont();
			bold.setBold(true);
			header.setFont(bold);
			CellStyle wrap = workbook.createCellStyle();
			wrap.setWrapText(true);
			Row first = sheet.createRow(0);
			for (int c = 0; c < COLUMNS.size(); c++) {
				first.createCell(c).setCellValue(COLUMNS.get(c));
				first.getCell(c).setCellStyle(header);
			}
			int r = 1;
			for (Views.QuestionView question : questions) {
				Row row = sheet.createRow(r++);
				List<String> values = row(question);
				for (int c = 0; c < values.size(); c++) {
					row.createCell(c).setCellValue(values.get(c));
					row.getCell(c).setCellStyle(wrap);
				}
			}
			int[] widths = { 24, 60, 60, 16, 12, 8, 8, 10, 40 };
			for (int c = 0; c < widths.length; c++) {
				sheet.setColumnWidth(c, widths[c] * 256);
			}
			sheet.createFreezePane(0, 1);
			workbook.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
