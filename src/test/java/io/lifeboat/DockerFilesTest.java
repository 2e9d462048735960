package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.lab.LabPlan;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of docker/ without a Docker engine: the compose file parses and wires the services as
 * documented, its build files exist, and the realm it imports matches the portal (client, tenants, roles).
 */
class DockerFilesTest {

    private static final Path DOCKER = Paths.get("docker");

    @Test
    @SuppressWarnings("unchecked")
    void the_compose_file_names_the_services_and_imports_the_realm_from_docker_keycloak() throws Exception {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("portal", "postgres", "keycloak", "vcsim-tenant", "vcsim-provider");

        Map<String, Object> keycloak = services.get("keycloak");
        assertThat((String) keycloak.get("image")).endsWith("keycloak:26.5.6");
        assertThat((List<String>) keycloak.get("volumes")).contains("./keycloak:/opt/keycloak/data/import:ro");
        assertThat((List<String>) keycloak.get("command")).contains("--import-realm");

        Map<String, Object> portal = services.get("portal");
        Map<String, String> env = (Map<String, String>) portal.get("environment");
        assertThat(env.get("SPRING_PROFILES_ACTIVE").split(",")).contains("postgres", "oidc");
        assertThat(env.get("LIFEBOAT_DB_URL")).startsWith("jdbc:postgresql://postgres:");
        assertThat(env.get("LIFEBOAT_OIDC_ISSUER")).isEqualTo("http://keycloak:8180/realms/lifeboat");
        assertThat(env.get("LIFEBOAT_LAB_TENANT_SITE_URL")).contains("vcsim-tenant");
        assertThat(env.get("LIFEBOAT_LAB_PROVIDER_SITE_URL")).contains("vcsim-provider");
        assertThat((Map<String, Object>) portal.get("depends_on")).containsKeys("postgres", "keycloak", "vcsim-tenant", "vcsim-provider");

        List<String> dockerfiles = new ArrayList<>();
        for (Map<String, Object> service : services.values()) {
            if (service.get("build") instanceof Map<?, ?> build) {
                assertThat(build.get("context")).isEqualTo("..");
                dockerfiles.add((String) build.get("dockerfile"));
            }
        }
        assertThat(dockerfiles).contains("docker/Dockerfile", "docker/vcsim/Dockerfile");
        dockerfiles.forEach(file -> assertThat(Paths.get(file)).isRegularFile());
        assertThat(Files.readString(DOCKER.resolve("Dockerfile"))).contains("-Pproduction").contains("AS build").contains("-jre");
    }

    @Test
    void the_realm_has_the_portal_client_the_lab_tenants_as_organisations_and_lifeboat_roles() throws Exception {
        JsonNode realm = new ObjectMapper().readTree(DOCKER.resolve("keycloak/lifeboat-realm.json").toFile());
        assertThat(realm.path("realm").asText()).isEqualTo("lifeboat");
        assertThat(realm.path("organizationsEnabled").asBoolean()).isTrue();
        assertThat(names(realm.path("organizations"), "alias"))
                .containsExactlyInAnyOrderElementsOf(LabPlan.demo().tenants().stream().map(LabPlan.LabTenant::name).toList());
        assertThat(names(realm.path("roles").path("realm"), "name")).contains("TENANT_OPERATOR", "TENANT_VIEWER", "PROVIDER_ADMIN");
        JsonNode client = StreamSupport.stream(realm.path("clients").spliterator(), false)
                .filter(c -> c.path("clientId").asText().equals("lifeboat-portal")).findFirst().orElseThrow();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.path("attributes").path("post.logout.redirect.uris").asText()).isNotBlank();
        assertThat(names(client.path("optionalClientScopes"), null)).contains("organization");
        assertThat(realm.path("users")).allSatisfy(user -> {
            assertThat(user.path("email").asText()).contains("@");
            assertThat(user.path("firstName").asText()).isNotBlank();
            assertThat(user.path("lastName").asText()).isNotBlank();
            assertThat(user.path("emailVerified").asBoolean()).isTrue();
        });
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> field == null ? node.asText() : node.path(field).asText()).toList();
    }
}
