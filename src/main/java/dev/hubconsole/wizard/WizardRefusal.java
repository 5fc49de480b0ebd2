package dev.hubconsole.wizard;

import dev.hubconsole.shared.Refusal;

/** An action on a run that does not fit its state or input; nothing was changed. */
public class WizardRefusal extends Refusal {

    public WizardRefusal(Reason reason, String message) {
        super(reason, message);
    }

    static WizardRefusal conflict(String message) {
        return new WizardRefusal(Reason.CONFLICT, message);
    }

    /** Input the step cannot accept. */
    public static WizardRefusal invalid(String message) {
        return new WizardRefusal(Reason.INVALID, message);
    }
}
