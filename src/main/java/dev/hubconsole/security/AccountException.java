package dev.hubconsole.security;

import dev.hubconsole.shared.Refusal;

/** A refused account operation; the message names the problem and the fix in one line. */
public class AccountException extends Refusal {

    AccountException(String message) {
        super(Reason.INVALID, message);
    }
}
