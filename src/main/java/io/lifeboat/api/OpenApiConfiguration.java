package io.lifeboat.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header: what the API is and how to authenticate. The paths come from the controllers. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI lifeboatApi() {
        return new OpenAPI()
                .info(new Info().title("Lifeboat API").version("v1").description("""
                        Partial failover, undo, failback and tasks for tenants; tenants, failovers and tasks across tenants for the \
                        provider. Authenticate with a personal API token (Authorization: Bearer lb_...), created on the portal's \
                        API tokens page, or, where Lifeboat logs in through Keycloak, with a Keycloak access token. Errors are RFC 9457 \
                        problem details. Operations answer 202 with their task; send an Idempotency-Key header to make a retry safe \
                        (kept 24 hours; the same key with another request answers 422)."""))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
