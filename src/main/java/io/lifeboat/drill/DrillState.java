package io.lifeboat.drill;

/** Where a drill as a whole stands; each replica's own state is the replica room's. */
public enum DrillState {
    STARTING("Starting"), RUNNING("Running"), ENDING("Ending"), ENDED("Ended");

    private final String label;

    DrillState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
