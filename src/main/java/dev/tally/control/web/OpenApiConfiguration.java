package dev.tally.control.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description's title, version (the build's), description and its security: every operation takes an
 * API token as {@code Authorization: Bearer} (Swagger UI's "Authorize"); served at /api/openapi.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI tallyOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties b = build.getIfAvailable();
        return new OpenAPI().info(new Info().title("Tally API").version(b == null ? "development" : b.getVersion())
                .description("Continuous counting on event streams: submit versioned job specs, deploy and stop "
                        + "jobs, read their window results, counters and dead letters, and take, check and restore "
                        + "savepoints. Errors are RFC 9457 problem details. Browsable at /api/docs. Every request "
                        + "needs an API token (Authorization: Bearer tly_..., made on the dashboard's Tokens page or "
                        + "with POST /api/tokens) or a signed-in dashboard session."))
                .components(new Components().addSecuritySchemes("token", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").description("an API token, tly_...")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
