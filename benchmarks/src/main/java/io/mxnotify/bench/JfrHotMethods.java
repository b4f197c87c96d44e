package io.mxnotify.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went, from a JFR recording's {@code jdk.ExecutionSample} events: {@code JfrHotMethods
 * FILE [TOP]}. Prints the methods most often on top of the stack (self time) and the methods most often
 * anywhere on it (total time), each as a share of all samples. With a third argument, a method name
 * ({@code HomeserverState.send}), also what that method's samples were spent in (its direct callees).
 */
public final class JfrHotMethods {
    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        String focus = args.length > 2 ? args[2] : null;
        Map<String, Integer> callees = new HashMap<>();
        int focusSamples = 0;
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            if (focus != null) {
                for (int i = 0; i < frames.size(); i++) {
                    if (name(frames.get(i)).endsWith(focus)) {
                        focusSamples++;
                        callees.merge(i == 0 ? "(self)" : name(frames.get(i - 1)), 1, Integer::sum);
                        break;
                    }
                }
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                if (seen.add(name(frame))) {
                    total.merge(name(frame), 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d execution samples%n", samples);
        print("self (top of stack)", self, samples, top);
        print("total (anywhere on the stack)", onlyInteresting(total), samples, top);
        if (focus != null) {
            print("inside " + focus + " (" + focusSamples + " samples), by direct callee", callees, samples, top);
        }
    }

    private static Map<String, Integer> onlyInteresting(Map<String, Integer> total) {
        Map<String, Integer> kept = new HashMap<>();
        total.forEach((name, count) -> {
            if (name.startsWith("io.mxnotify") || name.startsWith("com.fasterxml") || name.startsWith("io.javalin")) {
                kept.put(name, count);
            }
        });
        return kept;
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
