package ai.flo.interviewer.shared;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service starts without Hibernate checking the schema (application.yml: Flyway owns
 * it, and the check cost each role's start-up time). Here Hibernate validates every
 * entity against the schema the migrations make, on both databases: a column an entity
 * maps that the migrations do not create, or of another type, fails the context.
 */
class SchemaMatchesEntitiesTests {

	private static final String VALIDATE = "spring.jpa.hibernate.ddl-auto=validate";

	private static final String METADATA = "spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=true";

	/** One database's context, started with Hibernate's validation on. */
	@SpringBootTest(properties = { "flo.worker.required=false", VALIDATE, METADATA })
	abstract static class Validated {

		@Autowired
		EntityManagerFactory entities;

		@Test
		void everyEntityMatchesTheMigratedSchema() {
			assertThat(this.entities.getMetamodel().getEntities()).isNotEmpty();
		}

	}

	@Nested
	class OnSqlite extends Validated {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			TestDatabases.useTemporarySqlite(registry);
		}

	}

	@Nested
	class OnPostgresql extends Validated {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			TestDatabases.useFreshPostgres(registry);
		}

	}

}
