package ai.flo.interviewer.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /openapi}, {@code /openapi.yaml}) and Swagger UI
 * ({@code /swagger-ui.html}), both public like {@code /health}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI openApi() {
		return new OpenAPI().info(new Info().title("flo-interviewer-backend").version("v1").description("""
				REST API of the AI interview platform. Admin endpoints take `Authorization: Bearer <admin key>` \
				(ADMIN_API_KEYS). A candidate joins with an access code (POST /api/interviews/join, no key) and \
				gets a session token for that session's own endpoints. Errors are RFC 9457 problems with a \
				stable `type` (urn:flo:problem:...)."""))
			.components(new Components()
				.addSecuritySchemes("adminKey",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("An admin API key"))
				.addSecuritySchemes("sessionToken",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The session token returned by POST /api/interviews/join")))
			.addSecurityItem(new SecurityRequirement().addList("adminKey"));
	}

}
