package io.lifeboat.network.ui;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.network.ApplianceCopyService.ApplianceCopy;
import io.lifeboat.ui.Notices;
import java.util.List;
import java.util.Locale;

/** One line per copy of an NEA the portal refuses (a cloned VM or disk), saying where each runs and what to do. */
public class ApplianceCopyNotices extends Notices {

    public ApplianceCopyNotices(String id) {
        super(id);
    }

    public void show(List<ApplianceCopy> copies) {
        showLines(lines(copies));
    }

    static List<String> lines(List<ApplianceCopy> copies) {
        return copies.stream().map(ApplianceCopyNotices::line).toList();
    }

    /** For the tenant whose site the copy runs at: only it can delete the copy. */
    public void showToTenant(List<ApplianceCopy> copies) {
        showLines(tenantLines(copies));
    }

    static List<String> tenantLines(List<ApplianceCopy> copies) {
        return copies.stream().map(copy -> "A copy of your NEA for network " + copy.network() + " (a cloned VM or a copy of its disk)"
                + " dials from " + copy.refusedFrom() + " and is refused: " + original(copy, "the NEA at ") + ", and"
                + " the copy has stood down. Delete the copy at your site; your failed-over VMs are not affected.").toList();
    }

    private static String line(ApplianceCopy copy) {
        String nea = "the " + copy.role().name().toLowerCase(Locale.ROOT) + " NEA of " + copy.tenant() + "'s network " + copy.network();
        String where = copy.role() == NeaRole.TENANT ? "at the tenant's site" : "at the provider";
        return "A copy of " + nea + " (a cloned VM or a copy of its disk) dials from " + copy.refusedFrom() + " and is refused: "
                + original(copy, "the NEA connected from ") + ", and the copy has stood down. Find the copy " + where + " and delete it.";
    }

    /** Where the original is; a copy refused for running in another VM may be refused while the original is not connected. */
    private static String original(ApplianceCopy copy, String connectedFrom) {
        return copy.heldFrom().isBlank() ? "it runs in another VM than the network's NEA, which is not connected now"
                : connectedFrom + copy.heldFrom() + " carries the network";
    }
}
