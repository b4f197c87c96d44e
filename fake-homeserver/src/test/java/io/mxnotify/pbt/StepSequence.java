package io.mxnotify.pbt;

import java.util.List;

/**
 * A generated value made of steps (a stateful property's script): {@link PropertyRun#checkSteps} can leave
 * steps out of a counterexample to find the few that matter.
 *
 * @param <S> the type of a step
 * @param <T> the implementing type
 */
public interface StepSequence<S, T extends StepSequence<S, T>> {

    /** The steps, in order. */
    List<S> steps();

    /** The same value with these steps instead (a sub-list of {@link #steps()}). */
    T withSteps(List<S> steps);
}
