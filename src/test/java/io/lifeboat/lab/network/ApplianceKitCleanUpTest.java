package io.lifeboat.lab.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceKitCleanUpTest {

    @TempDir
    Path kits;

    @Test
    void kits_not_used_for_a_day_go_and_the_current_and_recently_used_ones_stay() throws IOException {
        Instant now = Instant.now();
        Path current = kit("current", now.minus(Duration.ofDays(3)));   // just made, its time not yet touched
        Path otherClone = kit("other-clone", now.minus(Duration.ofHours(2)));
        Path lastWeeksBuild = kit("last-weeks-build", now.minus(Duration.ofDays(7)));

        ApplianceKit.removeStaleKits(kits, current, now.minus(Duration.ofDays(1)));

        assertThat(current).exists();
        assertThat(current.resolve("classes.jsa")).exists();
        assertThat(otherClone).exists();
        assertThat(lastWeeksBuild).doesNotExist();
    }

    private Path kit(String name, Instant lastUsed) throws IOException {
        Path kit = Files.createDirectories(kits.resolve(name));
        Files.writeString(kit.resolve("classes.jsa"), "archive");
        Files.writeString(kit.resolve("lifeboat-appliance.jar"), "jar");
        Files.setLastModifiedTime(kit, FileTime.from(lastUsed));
        return kit;
    }
}
