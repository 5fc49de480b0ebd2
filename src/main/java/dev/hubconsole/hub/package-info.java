/**
 * A registered JupyterHub deployment and how to reach it: working directory, config file, database URL, hub
 * URLs and API token, log file, and the supervisor commands that stop, start and upgrade it.
 */
package dev.hubconsole.hub;
