package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded database outlives the JVM's shutdown hooks that still need it: Spring's hook stops Quartz, the webhook
 * dispatcher and the appliance connection records after the JVM began to exit, and H2's own hook used to close the
 * database under them ("Database is already closed", five ERROR lines when the portal was stopped after a failover).
 * Each configured file URL is opened in a JVM of its own whose exit hook queries the database a moment later, as
 * Spring's does.
 */
class EmbeddedDatabaseShutdownTest {

    @ParameterizedTest
    @ValueSource(strings = {"application.properties", "application-lab.properties"})
    void a_shutdown_hook_still_reaches_the_configured_file_database(String file, @TempDir Path dir) throws Exception {
        assertThat(queryAtExit(fileUrl(file, dir))).isEqualTo("query at exit: ok");
    }

    @Test
    void without_the_setting_h2_closes_the_database_first(@TempDir Path dir) throws Exception {
        String url = fileUrl("application.properties", dir).replace(";DB_CLOSE_ON_EXIT=FALSE", "");
        assertThat(queryAtExit(url)).startsWith("query at exit failed: Database is already closed");
    }

    /** The file's datasource URL with its database moved into {@code dir}. */
    private static String fileUrl(String file, Path dir) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedDatabaseShutdownTest.class.getClassLoader().getResourceAsStream(file)) {
            properties.load(in);
        }
        String url = properties.getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:");
        return "jdbc:h2:file:" + dir.resolve("db") + url.substring(url.indexOf(';'));
    }

    private static String queryAtExit(String url) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                QueryAtExit.class.getName(), url)).redirectErrorStream(true).start();
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return output.lines().filter(line -> line.startsWith("query at exit")).findFirst().orElse(output);
    }

    /** Opens the database, then exits; its shutdown hook queries it 300 ms later, as Spring's closing context does. */
    public static final class QueryAtExit {

        public static void main(String[] args) throws Exception {
            Connection connection = DriverManager.getConnection(args[0], "sa", "");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(300);
                    connection.createStatement().execute("select 1");
                    System.out.println("query at exit: ok");
                } catch (SQLException e) {
                    System.out.println("query at exit failed: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.exit(0);
        }

        private QueryAtExit() {
        }
    }
}
