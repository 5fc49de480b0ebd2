/**
 * The few value types every feature shares: how instants are stored, and the refusal every feature throws for
 * bad input or a request that does not fit the current state. Depends on nothing else of the console.
 */
package dev.hubconsole.shared;
