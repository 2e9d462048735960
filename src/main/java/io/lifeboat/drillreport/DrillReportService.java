package io.lifeboat.drillreport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillSeal;
import io.lifeboat.drill.DrillService;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * A drill's evidence report to take away (PDF, JSON) and the check of its seal. Reads the drill through
 * {@link DrillService#find}, which answers only for the caller's organisation (any, for the provider), so another
 * tenant's drill is answered exactly like a missing one.
 */
@Service
public class DrillReportService {

    private static final ObjectMapper READABLE = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    private final DrillService drills;
    private final Clock clock;

    DrillReportService(DrillService drills, Clock clock) {
        this.drills = drills;
        this.clock = clock;
    }

    /**
     * The evidence report as a PDF.
     *
     * @throws DrillRefusedException when there is no such drill in the caller's organisation
     */
    public byte[] reportPdf(long drillId) {
        return DrillReportPdf.render(drill(drillId), clock.instant());
    }

    /**
     * The evidence report as JSON: every figure of the page and the PDF, and the report's hash ({@code reportSha256})
     * once the drill ended.
     *
     * @throws DrillRefusedException when there is no such drill in the caller's organisation
     */
    public byte[] reportJson(long drillId) {
        DrillInfo drill = drill(drillId);
        try {
            return READABLE.writeValueAsBytes(drill);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The evidence of drill " + drill.id() + " cannot be written as JSON", e);
        }
    }

    /**
     * Recomputes the report's hash from the stored evidence and compares it with {@code claimedSha256} (as printed on a
     * downloaded report), or with the hash taken when the drill ended when none is given.
     *
     * @throws DrillRefusedException when there is no such drill in the caller's organisation, or it has not ended yet
     */
    public ReportVerification verify(long drillId, String claimedSha256) {
        DrillInfo drill = drill(drillId);
        if (drill.reportSha256() == null) {
            throw new DrillRefusedException("The report of test failover #" + drillId + " is sealed when the drill ends; verify it then.");
        }
        String recomputed = DrillSeal.sha256(drill);
        String expected = claimedSha256 == null || claimedSha256.isBlank() ? drill.reportSha256() : claimedSha256.trim().toLowerCase();
        return new ReportVerification(expected, recomputed, recomputed.equals(expected) && recomputed.equals(drill.reportSha256()));
    }

    /** The outcome of {@link #verify}: the hash compared, the one recomputed from the stored evidence, and whether they match. */
    public record ReportVerification(String expectedSha256, String recomputedSha256, boolean matches) {
    }

    private DrillInfo drill(long drillId) {
        return drills.find(drillId).orElseThrow(() -> DrillRefusedException.noSuchDrill(drillId));
    }
}
