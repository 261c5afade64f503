package ai.flo.interviewer.interview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.hiring.SkillLevel;

/** An interview for a job record, and its access code (digest only). */
class Interview {

	enum Status {

		ACTIVE, REVOKED

	}

	/** Why a code does not open this interview now. */
	enum Refusal {

		EXPIRED, USED_UP, REVOKED

	}

	private String id;

	private String recordId;

	private String role;

	private SkillLevel skillLevel;

	private int lengthMinutes;

	private int practiceAllowed;

	private String codeDigest;

	private String codeHint;

	private long codeExpiresAt;

	private int maxUses;

	private int uses;

	private Status status;

	private long createdAt;

	private long updatedAt;

	private Interview() {
	}

	/** The row its repository read. */
	static Interview read(ResultSet rs) throws SQLException {
		Interview row = new Interview();
		row.id = rs.getString("id");
		row.recordId = rs.getString("record_id");
		row.role = rs.getString("role");
		row.skillLevel = SkillLevel.valueOf(rs.getString("skill_level"));
		row.lengthMinutes = rs.getInt("length_minutes");
		row.practiceAllowed = rs.getInt("practice_allowed");
		row.codeDigest = rs.getString("code_digest");
		row.codeHint = rs.getString("code_hint");
		row.codeExpiresAt = rs.getLong("code_expires_at");
		row.maxUses = rs.getInt("max_uses");
		row.uses = rs.getInt("uses");
		row.status = Status.valueOf(rs.getString("status"));
		row.createdAt = rs.getLong("created_at");
		row.updatedAt = rs.getLong("updated_at");
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("record_id", this.recordId);
		columns.put("role", this.role);
		columns.put("skill_level", this.skillLevel.name());
		columns.put("length_minutes", this.lengthMinutes);
		columns.put("practice_allowed", this.practiceAllowed);
		columns.put("code_digest", this.codeDigest);
		columns.put("code_hint", this.codeHint);
		columns.put("code_expires_at", this.codeExpiresAt);
		columns.put("max_uses", this.maxUses);
		columns.put("uses", this.uses);
		columns.put("status", this.status.name());
		columns.put("created_at", this.createdAt);
		columns.put("updated_at", this.updatedAt);
		return columns;
	}

	Interview(String recordId, String role, SkillLevel level, int lengthMinutes, boolean practiceAllowed, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.recordId = recordId;
		this.status = Status.ACTIVE;
		this.createdAt = now.toEpochMilli();
		update(role, level, lengthMinutes, practiceAllowed, now);
	}

	void update(String role, SkillLevel level, int lengthMinutes, boolean practiceAllowed, Instant now) {
		this.role = role;
		this.skillLevel = level;
		this.lengthMinutes = lengthMinutes;
		this.practiceAllowed = practiceAllowed ? 1 : 0;
		this.updatedAt = now.toEpochMilli();
	}

	/**
	 * Gives the interview a new code (the old one stops working) and returns it: shown
	 * once.
	 */
	String issueCode(String code, Duration validity, int maxUses, Instant now) {
		String normalized = AccessCodes.normalize(code);
		this.codeDigest = AccessCodes.digest(normalized);
		this.codeHint = AccessCodes.hint(normalized);
		this.codeExpiresAt = now.plus(validity).toEpochMilli();
		this.maxUses = maxUses;
		this.uses = 0;
		this.status = Status.ACTIVE;
		this.updatedAt = now.toEpochMilli();
		return code;
	}

	void revoke(Instant now) {
		this.status = Status.REVOKED;
		this.updatedAt = now.toEpochMilli();
	}

	/** Why the code may not be used now, or null when it may. */
	Refusal refusal(Instant now) {
		if (this.status == Status.REVOKED) {
			return Refusal.REVOKED;
		}
		if (now.toEpochMilli() >= this.codeExpiresAt) {
			return Refusal.EXPIRED;
		}
		if (this.uses >= this.maxUses) {
			return Refusal.USED_UP;
		}
		return null;
	}

	void use(Instant now) {
		this.uses++;
		this.updatedAt = now.toEpochMilli();
	}

	void giveBackUse(Instant now) {
		this.uses = Math.max(0, this.uses - 1);
		this.updatedAt = now.toEpochMilli();
	}

	Views.InterviewView view(String code) {
		return new Views.InterviewView(this.id, this.recordId, this.role, this.skillLevel, this.lengthMinutes,
				this.practiceAllowed == 1, this.status, code, this.codeHint, Instant.ofEpochMilli(this.codeExpiresAt),
				this.maxUses, this.uses, Instant.ofEpochMilli(this.createdAt), Instant.ofEpochMilli(this.updatedAt));
	}

	String id() {
		return this.id;
	}

	String recordId() {
		return this.recordId;
	}

	String role() {
		return this.role;
	}

	SkillLevel skillLevel() {
		return this.skillLevel;
	}

	int lengthMinutes() {
		return this.lengthMinutes;
	}

	boolean practiceAllowed() {
		return this.practiceAllowed == 1;
	}

}
