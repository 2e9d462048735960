package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.LabTest;
import io.lifeboat.Readme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The lab banner's demo API tokens, used the way the README says: its curl line, run exactly as written through
 * {@code sh -c}, with the token printed on acme-admin's line, lists acme's replicas; globex-admin's token sees globex's.
 */
@LabTest
class StartupBannerApiTokenTest {

    private static final Pattern TOKEN_LINE = Pattern.compile("^\\s+(\\S+)\\s+password .*API token (lb_\\S+)$", Pattern.MULTILINE);

    @LocalServerPort int port;
    @Autowired StartupBanner banner;

    @Test
    void the_readme_curl_line_with_the_banner_token_lists_the_tenants_replicas() throws Exception {
        String text = banner.text();
        Matcher lines = TOKEN_LINE.matcher(text);
        java.util.Map<String, String> tokens = new java.util.HashMap<>();
        while (lines.find()) {
            tokens.put(lines.group(1), lines.group(2));
        }
        assertThat(tokens).as(text).containsOnlyKeys("acme-admin", "globex-admin");

        String curl = Readme.commandIn("## Automation (REST API)", "curl ");
        assertThat(names(run(curl, tokens.get("acme-admin")))).containsExactly("app-01", "db-01", "mail-01", "proxy-01", "web-01", "web-02");
        assertThat(names(run(curl, tokens.get("globex-admin")))).containsExactly("crm-01", "dc-01", "erp-01", "files-01");
    }

    private String run(String command, String token) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        shell.environment().put("LIFEBOAT_TOKEN", token);
        shell.environment().put("LIFEBOAT_URL", "http://localhost:" + port);
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    private static List<String> names(String json) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        new ObjectMapper().readTree(json).path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
