/**
 * The maintenance notice for the hub's users: written by the admin in the Notify step, shown on the public
 * page {@code /maintenance} (scheduled → in progress → completed), following the run's progress.
 */
package dev.hubconsole.notice;
