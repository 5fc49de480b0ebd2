/**
 * Who may use the console: form login with bcrypt, roles ADMIN (acts) and VIEWER (reads), personal API tokens
 * (stored hashed) for the JSON API, the first-start admin account, and encryption at rest of hub secrets.
 */
package dev.hubconsole.security;
