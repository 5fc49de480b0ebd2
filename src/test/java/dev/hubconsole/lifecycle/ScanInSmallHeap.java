package dev.hubconsole.lifecycle;

import java.nio.file.Path;

/** Run in a separate JVM with a small heap by {@link HubLogScannerTest}: scans a log and prints the counts. */
final class ScanInSmallHeap {

    private ScanInSmallHeap() {
    }

    public static void main(String[] args) {
        LogFindings findings = new HubLogScanner().scanFrom(Path.of(args[0]), Long.parseLong(args[1]));
        System.out.println("errors=" + findings.errorCount() + " warnings=" + findings.warningCount()
                + " deprecations=" + findings.deprecationCount() + " kept=" + findings.errors().size() + "/"
                + findings.warnings().size() + "/" + findings.deprecations().size() + " end=" + findings.endOffset()
                + " maxHeapMB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
