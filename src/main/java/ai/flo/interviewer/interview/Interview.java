package ai.flo.interviewer.interview;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.flo.interviewer.hiring.SkillLevel;

/** An interview for a job record, and its access code (digest only). */
@Entity
@Table(name = "interviews")
class Interview {

	enum Status {

		ACTIVE, REVOKED

	}

	/** Why a code does not open this interview now. */
	enum Refusal {

		EXPIRED, USED_UP, REVOKED

	}

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "record_id", nullable = false, length = 36)
	private String recordId;

	@Column(nullable = false, length = 200)
	private String role;

	@Enumerated(EnumType.STRING)
	@Column(name = "skill_level", nullable = false, length = 20)
	private SkillLevel skillLevel;

	@Column(name = "length_minutes", nullable = false)
	private int lengthMinutes;

	@Column(name = "practice_allowed", nullable = false)
	private int practiceAllowed;

	@Column(name = "code_digest", nullable = false, length = 64)
	private String codeDigest;

	@Column(name = "code_hint", nullable = false, length = 8)
	private String codeHint;

	@Column(name = "code_expires_at", nullable = false)
	private long codeExpiresAt;

	@Column(name = "max_uses", nullable = false)
	private int maxUses;

	@Column(nullable = false)
	private int uses;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Status status;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "updated_at", nullable = false)
	private long updatedAt;

	protected Interview() {
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
