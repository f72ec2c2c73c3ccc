/**
 * Generated from the server's OpenAPI document by `npm run api:generate -w @whatpro/web`.
 * Do not edit: change the route schemas on the server and regenerate.
 */

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ready to take traffic: the database answers and the node is not shutting down
         * @description Fails only for what the node cannot serve without. A Redis outage leaves nodes serving (sessions fall back to the database), so it shows in `/health/deep` and `hub_dependency_up`, not here.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks: {
                                [key: string]: {
                                    /** @enum {string} */
                                    status: "ok" | "down" | "skipped";
                                    latency_ms?: number;
                                    error?: string;
                                    version?: string;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks: {
                                [key: string]: {
                                    /** @enum {string} */
                                    status: "ok" | "down" | "skipped";
                                    latency_ms?: number;
                                    error?: string;
                                    version?: string;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/deep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every dependency: database, Redis, event bus, Chatwoot API, disk
         * @description For operators: `Authorization: Bearer <HEALTH_TOKEN>` or a super admin's session. One probe answers every caller for 5 s. 503 only when the database is down; any other dependency down is `degraded`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded" | "unavailable";
                            checked_at: string;
                            checks: {
                                [key: string]: {
                                    /** @enum {string} */
                                    status: "ok" | "down" | "skipped";
                                    latency_ms?: number;
                                    error?: string;
                                    version?: string;
                                    free_bytes?: number;
                                    total_bytes?: number;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded" | "unavailable";
                            checked_at: string;
                            checks: {
                                [key: string]: {
                                    /** @enum {string} */
                                    status: "ok" | "down" | "skipped";
                                    latency_ms?: number;
                                    error?: string;
                                    version?: string;
                                    free_bytes?: number;
                                    total_bytes?: number;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text exposition format)
         * @description With `METRICS_TOKEN` set, scrapers send it as a bearer token. Without it, open outside production and super-admin-only in production.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What this Hub is: version, environment, Chatwoot it serves, database schema version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "WhatPro Hub";
                            version: string;
                            /** @enum {string} */
                            environment: "development" | "test" | "production";
                            chatwoot_url: string | null;
                            /** @enum {string} */
                            default_locale: "pt-BR" | "en";
                            schema: {
                                applied_migrations: number;
                                latest_migration_at: string | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with the agent's Chatwoot session (devise triple) or personal API token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        access_token: string;
                        client: string;
                        uid: string;
                    } | {
                        api_access_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** Format: uuid */
                            session_id: string;
                            user: {
                                /** Format: uuid */
                                id: string;
                                chatwoot_user_id: number;
                                name: string;
                                email: string;
                                avatar_url: string | null;
                                is_super_admin: boolean;
                                accounts: {
                                    account_id: number;
                                    account_name: string;
                                    /** @enum {string} */
                                    role: "admin" | "supervisor" | "agent" | "viewer";
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the refresh cookie and get a new access token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** Format: uuid */
                            session_id: string;
                            user: {
                                /** Format: uuid */
                                id: string;
                                chatwoot_user_id: number;
                                name: string;
                                email: string;
                                avatar_url: string | null;
                                is_super_admin: boolean;
                                accounts: {
                                    account_id: number;
                                    account_name: string;
                                    /** @enum {string} */
                                    role: "admin" | "supervisor" | "agent" | "viewer";
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who I am and my accounts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            chatwoot_user_id: number;
                            name: string;
                            email: string;
                            avatar_url: string | null;
                            is_super_admin: boolean;
                            accounts: {
                                account_id: number;
                                account_name: string;
                                /** @enum {string} */
                                role: "admin" | "supervisor" | "agent" | "viewer";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My active sessions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sessions: {
                                /** Format: uuid */
                                id: string;
                                current: boolean;
                                /** @enum {string} */
                                auth_method: "sso" | "instance_token";
                                ip: string | null;
                                user_agent: string | null;
                                created_at: string;
                                last_seen_at: string;
                                expires_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of my sessions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/end-others": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End all my sessions except this one */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ended: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's API keys */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            api_keys: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                prefix: string;
                                scopes: ("account:read:account" | "inboxes:read:account" | "members:read:account")[];
                                created_at: string;
                                expires_at: string | null;
                                last_used_at: string | null;
                                revoked_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (the key is shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        scopes: ("account:read:account" | "inboxes:read:account" | "members:read:account")[];
                        /** Format: date-time */
                        expires_at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            prefix: string;
                            scopes: ("account:read:account" | "inboxes:read:account" | "members:read:account")[];
                            created_at: string;
                            expires_at: string | null;
                            last_used_at: string | null;
                            revoked_at: string | null;
                            key: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    keyId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's members and their roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            members: {
                                /** Format: uuid */
                                user_id: string;
                                chatwoot_user_id: number;
                                name: string;
                                email: string;
                                /** @enum {string} */
                                role: "admin" | "supervisor" | "agent" | "viewer";
                                /** @enum {string} */
                                chatwoot_role: "administrator" | "agent";
                                /** @enum {string} */
                                role_source: "chatwoot" | "hub";
                                /** @enum {string} */
                                status: "active" | "disabled";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a member's role (only below your own; never your own) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "admin" | "supervisor" | "agent" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            user_id: string;
                            chatwoot_user_id: number;
                            name: string;
                            email: string;
                            /** @enum {string} */
                            role: "admin" | "supervisor" | "agent" | "viewer";
                            /** @enum {string} */
                            chatwoot_role: "administrator" | "agent";
                            /** @enum {string} */
                            role_source: "chatwoot" | "hub";
                            /** @enum {string} */
                            status: "active" | "disabled";
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/members/{userId}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End every session of a member at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ended: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's audit log, newest first, a page at a time
         * @description Filters match exactly; `from` is inclusive and `to` exclusive (ISO 8601 with an offset, millisecond precision). Pass `next_cursor` back as `cursor` for the next page; it is null on the last page.
         */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    actor_id?: string;
                    resource_type?: string;
                    from?: string;
                    to?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            audit_logs: {
                                /** Format: uuid */
                                id: string;
                                account_id: number | null;
                                /** @enum {string} */
                                actor_type: "user" | "api_key" | "system" | "anonymous";
                                actor_id: string | null;
                                action: string;
                                resource_type: string | null;
                                resource_id: string | null;
                                ip: string | null;
                                user_agent: string | null;
                                request_id: string | null;
                                old_values: {
                                    [key: string]: unknown;
                                } | null;
                                new_values: {
                                    [key: string]: unknown;
                                } | null;
                                count: number;
                                created_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/audit-logs/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the audit log as CSV or JSON (the newest 10 000 matching rows at most)
         * @description Filters match exactly; `from` is inclusive and `to` exclusive (ISO 8601 with an offset, millisecond precision). When more rows match than the cap, the response carries `X-Export-Truncated: true`; narrow `to`/`from` to fetch the rest. CSV cells that a spreadsheet would run as a formula are prefixed with a single quote. The export is itself audited (`audit_logs.exported`).
         */
        get: {
            parameters: {
                query: {
                    action?: string;
                    actor_id?: string;
                    resource_type?: string;
                    from?: string;
                    to?: string;
                    format: "csv" | "json";
                };
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            account_id: number | null;
                            /** @enum {string} */
                            actor_type: "user" | "api_key" | "system" | "anonymous";
                            actor_id: string | null;
                            action: string;
                            resource_type: string | null;
                            resource_id: string | null;
                            ip: string | null;
                            user_agent: string | null;
                            request_id: string | null;
                            old_values: {
                                [key: string]: unknown;
                            } | null;
                            new_values: {
                                [key: string]: unknown;
                            } | null;
                            count: number;
                            created_at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/inboxes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's Chatwoot inboxes known to the Hub */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            inboxes: {
                                /** Format: uuid */
                                id: string;
                                chatwoot_inbox_id: number;
                                name: string;
                                channel_type: string;
                                synced_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/conversations/{displayId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Hub's mirror of a Chatwoot conversation, for users who may see it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    displayId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            display_id: number;
                            chatwoot_inbox_id: number;
                            /** @enum {string} */
                            status: "open" | "resolved" | "pending" | "snoozed";
                            assignee: {
                                id: number;
                                name: string | null;
                            } | null;
                            team: {
                                id: number;
                                name: string | null;
                            } | null;
                            labels: string[];
                            priority: string | null;
                            contact: {
                                id: number;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            created_at: string;
                            last_activity_at: string | null;
                            last_incoming_at: string | null;
                            last_outgoing_at: string | null;
                            last_note_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            source_updated_at: string;
                            chatwoot_url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instance-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade the agent's Chatwoot session for a 60-second, single-use instance token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        chatwoot: {
                            access_token: string;
                            client: string;
                            uid: string;
                        };
                        account_id: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_token: string;
                            expires_in: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instance-tokens/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check an instance token (sent as Bearer) without using it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            valid: true;
                            account_id: number;
                            /** Format: uuid */
                            user_id: string;
                            scopes: string[];
                            expires_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instance-tokens/session-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this browser's Hub session unless it belongs to the Chatwoot user signed in there */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        chatwoot_uid: string | null;
                        account_id: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            hub_session: "none" | "kept" | "ended";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instance-tokens/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange an instance token (once) for a Hub session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        instance_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** Format: uuid */
                            session_id: string;
                            user: {
                                /** Format: uuid */
                                id: string;
                                chatwoot_user_id: number;
                                name: string;
                                email: string;
                                avatar_url: string | null;
                                is_super_admin: boolean;
                                accounts: {
                                    account_id: number;
                                    account_name: string;
                                    /** @enum {string} */
                                    role: "admin" | "supervisor" | "agent" | "viewer";
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/embed/snippet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The DASHBOARD_SCRIPTS snippet for the installation's super admin */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            snippet: string;
                            script_url: string;
                            dashboard_app_url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/embed/dashboard-app": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Install or update the Hub as a Chatwoot Dashboard App, through the account’s Chatwoot connection */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dashboard_app_id: number;
                            title: string;
                            url: string;
                            /** @enum {string} */
                            action: "created" | "updated";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/chatwoot/connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's Chatwoot connection and webhook status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connected: boolean;
                            webhook_id: number | null;
                            signed_webhooks: boolean;
                            last_synced_at: string | null;
                            inboxes: number;
                        };
                    };
                };
            };
        };
        /** Connect with a Chatwoot administrator's API token: registers the webhook and syncs */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        api_access_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connected: boolean;
                            webhook_id: number | null;
                            signed_webhooks: boolean;
                            last_synced_at: string | null;
                            inboxes: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/inboxes/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pull inboxes and agents from Chatwoot now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            inboxes: number;
                            removed_members: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/webhooks/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook events that failed or were dead-lettered */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                /** Format: uuid */
                                id: string;
                                event: string;
                                delivery_id: string;
                                /** @enum {string} */
                                status: "pending" | "processed" | "failed" | "dead" | "unhandled" | "ignored";
                                attempts: number;
                                last_error: string | null;
                                signature_verified: boolean;
                                received_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/webhooks/events/{eventId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a failed or dead-lettered event again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    eventId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            event: string;
                            delivery_id: string;
                            /** @enum {string} */
                            status: "pending" | "processed" | "failed" | "dead" | "unhandled" | "ignored";
                            attempts: number;
                            last_error: string | null;
                            signature_verified: boolean;
                            received_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/chatwoot/{accountId}/{urlToken}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Chatwoot's webhook receiver: verified, stored durably, acknowledged, then processed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    urlToken: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            received: true;
                            duplicate: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/platform-app/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the Dashboard Script and the embedded pages need: origins, URLs, features */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hub_origin: string;
                            chatwoot_origin: string | null;
                            chatwoot_origins?: string[];
                            script_url: string;
                            embed_url: string;
                            dashboard_app_url: string;
                            features: ("chat" | "kanban" | "admin")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/platform-app/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Signed install/uninstall events from the Platform App (HMAC-SHA256 over "<timestamp>.<body>") */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            received: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
