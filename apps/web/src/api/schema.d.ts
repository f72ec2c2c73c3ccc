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
                                scopes: ("account:read:account" | "inboxes:read:account" | "members:read:account" | "teams:read:account")[];
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
                        scopes: ("account:read:account" | "inboxes:read:account" | "members:read:account" | "teams:read:account")[];
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
                            scopes: ("account:read:account" | "inboxes:read:account" | "members:read:account" | "teams:read:account")[];
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
    "/api/v1/accounts/{accountId}/chat/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My rooms, most recent activity first, with unread and mention counts and badge totals */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    before?: string;
                    q?: string;
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
                            rooms: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                kind: "dm" | "team" | "discussion";
                                name: string | null;
                                description: string | null;
                                chatwoot_team_id: number | null;
                                conversation_display_id: number | null;
                                /** Format: uuid */
                                created_by: string | null;
                                created_at: string;
                                archived_at: string | null;
                                last_message_seq: number;
                                last_event_seq: number;
                                last_message_at: string | null;
                                last_message_preview: string | null;
                                /** @enum {string} */
                                my_role: "owner" | "moderator" | "member";
                                last_read_seq: number;
                                unread_count: number;
                                mention_count: number;
                                muted: boolean;
                                /** @enum {string} */
                                notification_level: "all" | "mentions" | "none";
                                dm_user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                    avatar_url: string | null;
                                } | null;
                            }[];
                            total: {
                                unread_count: number;
                                mention_count: number;
                            };
                            next_cursor?: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a team room; the creator owns it */
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
                        description?: string;
                        member_ids?: string[];
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
                            /** @enum {string} */
                            kind: "dm" | "team" | "discussion";
                            name: string | null;
                            description: string | null;
                            chatwoot_team_id: number | null;
                            conversation_display_id: number | null;
                            /** Format: uuid */
                            created_by: string | null;
                            created_at: string;
                            archived_at: string | null;
                            last_message_seq: number;
                            last_event_seq: number;
                            last_message_at: string | null;
                            last_message_preview: string | null;
                            /** @enum {string} */
                            my_role: "owner" | "moderator" | "member";
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
                            dm_user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            } | null;
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
    "/api/v1/accounts/{accountId}/chat/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unread badge: unread messages in unmuted rooms and unread mentions */
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
                            unread_count: number;
                            mention_count: number;
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
    "/api/v1/accounts/{accountId}/chat/dms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open the direct message with another member (created once per pair) */
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
                        /** Format: uuid */
                        user_id: string;
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
                            id: string;
                            /** @enum {string} */
                            kind: "dm" | "team" | "discussion";
                            name: string | null;
                            description: string | null;
                            chatwoot_team_id: number | null;
                            conversation_display_id: number | null;
                            /** Format: uuid */
                            created_by: string | null;
                            created_at: string;
                            archived_at: string | null;
                            last_message_seq: number;
                            last_event_seq: number;
                            last_message_at: string | null;
                            last_message_preview: string | null;
                            /** @enum {string} */
                            my_role: "owner" | "moderator" | "member";
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
                            dm_user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            } | null;
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of my rooms */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "dm" | "team" | "discussion";
                            name: string | null;
                            description: string | null;
                            chatwoot_team_id: number | null;
                            conversation_display_id: number | null;
                            /** Format: uuid */
                            created_by: string | null;
                            created_at: string;
                            archived_at: string | null;
                            last_message_seq: number;
                            last_event_seq: number;
                            last_message_at: string | null;
                            last_message_preview: string | null;
                            /** @enum {string} */
                            my_role: "owner" | "moderator" | "member";
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
                            dm_user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            } | null;
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
        /** Rename, describe, archive or unarchive a room (owner, moderators, administrators) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string | null;
                        archived?: boolean;
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
                            id: string;
                            /** @enum {string} */
                            kind: "dm" | "team" | "discussion";
                            name: string | null;
                            description: string | null;
                            chatwoot_team_id: number | null;
                            conversation_display_id: number | null;
                            /** Format: uuid */
                            created_by: string | null;
                            created_at: string;
                            archived_at: string | null;
                            last_message_seq: number;
                            last_event_seq: number;
                            last_message_at: string | null;
                            last_message_preview: string | null;
                            /** @enum {string} */
                            my_role: "owner" | "moderator" | "member";
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
                            dm_user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            } | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** My mute and notification level for a room */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        muted?: boolean;
                        /** @enum {string} */
                        notification_level?: "all" | "mentions" | "none";
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
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark the room read up to a message seq */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        seq: number;
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
                            room_id: string;
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
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
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                    avatar_url: string | null;
                                };
                                /** @enum {string} */
                                role: "owner" | "moderator" | "member";
                                joined_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add an account member to a room (owner, moderators, administrators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        user_id: string;
                        /** @enum {string} */
                        role?: "moderator" | "member";
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
                            user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            };
                            /** @enum {string} */
                            role: "owner" | "moderator" | "member";
                            joined_at: string;
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (owner, moderators, administrators); your own id leaves the room */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                    userId: string;
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
        /** Change a member's role in the room (owner, administrators) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "moderator" | "member";
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
                            user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            };
                            /** @enum {string} */
                            role: "owner" | "moderator" | "member";
                            joined_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** History, ascending: the latest page, or before/after/around a message seq */
        get: {
            parameters: {
                query?: {
                    before?: number;
                    after?: number;
                    around?: number;
                    limit?: number;
                };
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
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
                            messages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                kind: "user" | "system";
                                /** Format: uuid */
                                author_id: string | null;
                                body: string | null;
                                system: {
                                    /** @enum {string} */
                                    action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                    /** Format: uuid */
                                    actor_id: string | null;
                                    /** Format: uuid */
                                    user_id?: string;
                                    name?: string;
                                } | null;
                                client_id: string | null;
                                reply_to: {
                                    /** Format: uuid */
                                    id: string;
                                    seq: number;
                                    /** Format: uuid */
                                    author_id: string | null;
                                    excerpt: string | null;
                                } | null;
                                conversation_display_id: number | null;
                                mentions: string[];
                                attachments?: {
                                    /** Format: uuid */
                                    id: string;
                                    file_name: string;
                                    content_type: string;
                                    size_bytes: number;
                                    width: number | null;
                                    height: number | null;
                                    inline: boolean;
                                }[];
                                reactions: {
                                    emoji: string;
                                    count: number;
                                    user_ids: string[];
                                }[];
                                pinned: boolean;
                                created_at: string;
                                edited_at: string | null;
                                deleted_at: string | null;
                            }[];
                            has_more_before: boolean;
                            has_more_after: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Send a message; a retry with the same client_id returns the first one (200) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        client_id: string;
                        /** @default  */
                        body?: string;
                        /** Format: uuid */
                        reply_to_id?: string;
                        conversation_display_id?: number;
                        attachment_ids?: string[];
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
                            id: string;
                            /** Format: uuid */
                            room_id: string;
                            seq: number;
                            /** @enum {string} */
                            kind: "user" | "system";
                            /** Format: uuid */
                            author_id: string | null;
                            body: string | null;
                            system: {
                                /** @enum {string} */
                                action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                /** Format: uuid */
                                actor_id: string | null;
                                /** Format: uuid */
                                user_id?: string;
                                name?: string;
                            } | null;
                            client_id: string | null;
                            reply_to: {
                                /** Format: uuid */
                                id: string;
                                seq: number;
                                /** Format: uuid */
                                author_id: string | null;
                                excerpt: string | null;
                            } | null;
                            conversation_display_id: number | null;
                            mentions: string[];
                            attachments?: {
                                /** Format: uuid */
                                id: string;
                                file_name: string;
                                content_type: string;
                                size_bytes: number;
                                width: number | null;
                                height: number | null;
                                inline: boolean;
                            }[];
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
                            pinned: boolean;
                            created_at: string;
                            edited_at: string | null;
                            deleted_at: string | null;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            room_id: string;
                            seq: number;
                            /** @enum {string} */
                            kind: "user" | "system";
                            /** Format: uuid */
                            author_id: string | null;
                            body: string | null;
                            system: {
                                /** @enum {string} */
                                action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                /** Format: uuid */
                                actor_id: string | null;
                                /** Format: uuid */
                                user_id?: string;
                                name?: string;
                            } | null;
                            client_id: string | null;
                            reply_to: {
                                /** Format: uuid */
                                id: string;
                                seq: number;
                                /** Format: uuid */
                                author_id: string | null;
                                excerpt: string | null;
                            } | null;
                            conversation_display_id: number | null;
                            mentions: string[];
                            attachments?: {
                                /** Format: uuid */
                                id: string;
                                file_name: string;
                                content_type: string;
                                size_bytes: number;
                                width: number | null;
                                height: number | null;
                                inline: boolean;
                            }[];
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
                            pinned: boolean;
                            created_at: string;
                            edited_at: string | null;
                            deleted_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/pins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pinned messages, newest pin first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
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
                            messages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                kind: "user" | "system";
                                /** Format: uuid */
                                author_id: string | null;
                                body: string | null;
                                system: {
                                    /** @enum {string} */
                                    action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                    /** Format: uuid */
                                    actor_id: string | null;
                                    /** Format: uuid */
                                    user_id?: string;
                                    name?: string;
                                } | null;
                                client_id: string | null;
                                reply_to: {
                                    /** Format: uuid */
                                    id: string;
                                    seq: number;
                                    /** Format: uuid */
                                    author_id: string | null;
                                    excerpt: string | null;
                                } | null;
                                conversation_display_id: number | null;
                                mentions: string[];
                                attachments?: {
                                    /** Format: uuid */
                                    id: string;
                                    file_name: string;
                                    content_type: string;
                                    size_bytes: number;
                                    width: number | null;
                                    height: number | null;
                                    inline: boolean;
                                }[];
                                reactions: {
                                    emoji: string;
                                    count: number;
                                    user_ids: string[];
                                }[];
                                pinned: boolean;
                                created_at: string;
                                edited_at: string | null;
                                deleted_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Catch-up: the room events after a seq, from the room log */
        get: {
            parameters: {
                query?: {
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
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
                            events: ({
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "message.created";
                                message: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    room_id: string;
                                    seq: number;
                                    /** @enum {string} */
                                    kind: "user" | "system";
                                    /** Format: uuid */
                                    author_id: string | null;
                                    body: string | null;
                                    system: {
                                        /** @enum {string} */
                                        action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                        /** Format: uuid */
                                        actor_id: string | null;
                                        /** Format: uuid */
                                        user_id?: string;
                                        name?: string;
                                    } | null;
                                    client_id: string | null;
                                    reply_to: {
                                        /** Format: uuid */
                                        id: string;
                                        seq: number;
                                        /** Format: uuid */
                                        author_id: string | null;
                                        excerpt: string | null;
                                    } | null;
                                    conversation_display_id: number | null;
                                    mentions: string[];
                                    attachments?: {
                                        /** Format: uuid */
                                        id: string;
                                        file_name: string;
                                        content_type: string;
                                        size_bytes: number;
                                        width: number | null;
                                        height: number | null;
                                        inline: boolean;
                                    }[];
                                    reactions: {
                                        emoji: string;
                                        count: number;
                                        user_ids: string[];
                                    }[];
                                    pinned: boolean;
                                    created_at: string;
                                    edited_at: string | null;
                                    deleted_at: string | null;
                                };
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "message.updated";
                                message: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    room_id: string;
                                    seq: number;
                                    /** @enum {string} */
                                    kind: "user" | "system";
                                    /** Format: uuid */
                                    author_id: string | null;
                                    body: string | null;
                                    system: {
                                        /** @enum {string} */
                                        action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                        /** Format: uuid */
                                        actor_id: string | null;
                                        /** Format: uuid */
                                        user_id?: string;
                                        name?: string;
                                    } | null;
                                    client_id: string | null;
                                    reply_to: {
                                        /** Format: uuid */
                                        id: string;
                                        seq: number;
                                        /** Format: uuid */
                                        author_id: string | null;
                                        excerpt: string | null;
                                    } | null;
                                    conversation_display_id: number | null;
                                    mentions: string[];
                                    attachments?: {
                                        /** Format: uuid */
                                        id: string;
                                        file_name: string;
                                        content_type: string;
                                        size_bytes: number;
                                        width: number | null;
                                        height: number | null;
                                        inline: boolean;
                                    }[];
                                    reactions: {
                                        emoji: string;
                                        count: number;
                                        user_ids: string[];
                                    }[];
                                    pinned: boolean;
                                    created_at: string;
                                    edited_at: string | null;
                                    deleted_at: string | null;
                                };
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "message.deleted";
                                /** Format: uuid */
                                message_id: string;
                                message_seq: number;
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "reaction.changed";
                                /** Format: uuid */
                                message_id: string;
                                reactions: {
                                    emoji: string;
                                    count: number;
                                    user_ids: string[];
                                }[];
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "pin.changed";
                                /** Format: uuid */
                                message_id: string;
                                pinned: boolean;
                                /** Format: uuid */
                                by: string | null;
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "room.created";
                                room: {
                                    /** Format: uuid */
                                    id: string;
                                    /** @enum {string} */
                                    kind: "dm" | "team" | "discussion";
                                    name: string | null;
                                    description: string | null;
                                    chatwoot_team_id: number | null;
                                    conversation_display_id: number | null;
                                    /** Format: uuid */
                                    created_by: string | null;
                                    created_at: string;
                                    archived_at: string | null;
                                    last_message_seq: number;
                                    last_event_seq: number;
                                    last_message_at: string | null;
                                    last_message_preview: string | null;
                                };
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "room.updated";
                                room: {
                                    /** Format: uuid */
                                    id: string;
                                    /** @enum {string} */
                                    kind: "dm" | "team" | "discussion";
                                    name: string | null;
                                    description: string | null;
                                    chatwoot_team_id: number | null;
                                    conversation_display_id: number | null;
                                    /** Format: uuid */
                                    created_by: string | null;
                                    created_at: string;
                                    archived_at: string | null;
                                    last_message_seq: number;
                                    last_event_seq: number;
                                    last_message_at: string | null;
                                    last_message_preview: string | null;
                                };
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "room.member_added";
                                member: {
                                    user: {
                                        /** Format: uuid */
                                        id: string;
                                        name: string;
                                        avatar_url: string | null;
                                    };
                                    /** @enum {string} */
                                    role: "owner" | "moderator" | "member";
                                    joined_at: string;
                                };
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "room.member_updated";
                                member: {
                                    user: {
                                        /** Format: uuid */
                                        id: string;
                                        name: string;
                                        avatar_url: string | null;
                                    };
                                    /** @enum {string} */
                                    role: "owner" | "moderator" | "member";
                                    joined_at: string;
                                };
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "room.member_removed";
                                /** Format: uuid */
                                user_id: string;
                            } | {
                                /** Format: uuid */
                                room_id: string;
                                seq: number;
                                /** @enum {string} */
                                type: "room.read";
                                last_read_seq: number;
                                unread_count: number;
                                mention_count: number;
                            })[];
                            last_seq: number;
                            has_more: boolean;
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
    "/api/v1/accounts/{accountId}/chat/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a message: my own, or anyone's as the room's moderator or an administrator */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    messageId: string;
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
        /** Edit my message */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
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
                            id: string;
                            /** Format: uuid */
                            room_id: string;
                            seq: number;
                            /** @enum {string} */
                            kind: "user" | "system";
                            /** Format: uuid */
                            author_id: string | null;
                            body: string | null;
                            system: {
                                /** @enum {string} */
                                action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                /** Format: uuid */
                                actor_id: string | null;
                                /** Format: uuid */
                                user_id?: string;
                                name?: string;
                            } | null;
                            client_id: string | null;
                            reply_to: {
                                /** Format: uuid */
                                id: string;
                                seq: number;
                                /** Format: uuid */
                                author_id: string | null;
                                excerpt: string | null;
                            } | null;
                            conversation_display_id: number | null;
                            mentions: string[];
                            attachments?: {
                                /** Format: uuid */
                                id: string;
                                file_name: string;
                                content_type: string;
                                size_bytes: number;
                                width: number | null;
                                height: number | null;
                                inline: boolean;
                            }[];
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
                            pinned: boolean;
                            created_at: string;
                            edited_at: string | null;
                            deleted_at: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/chat/messages/{messageId}/reactions/{emoji}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add my reaction (at most 20 different ones per message) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    messageId: string;
                    emoji: string;
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
                            /** Format: uuid */
                            message_id: string;
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove my reaction */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    messageId: string;
                    emoji: string;
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
                            /** Format: uuid */
                            message_id: string;
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
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
    "/api/v1/accounts/{accountId}/chat/messages/{messageId}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pin a message for the room */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    messageId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            room_id: string;
                            seq: number;
                            /** @enum {string} */
                            kind: "user" | "system";
                            /** Format: uuid */
                            author_id: string | null;
                            body: string | null;
                            system: {
                                /** @enum {string} */
                                action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                /** Format: uuid */
                                actor_id: string | null;
                                /** Format: uuid */
                                user_id?: string;
                                name?: string;
                            } | null;
                            client_id: string | null;
                            reply_to: {
                                /** Format: uuid */
                                id: string;
                                seq: number;
                                /** Format: uuid */
                                author_id: string | null;
                                excerpt: string | null;
                            } | null;
                            conversation_display_id: number | null;
                            mentions: string[];
                            attachments?: {
                                /** Format: uuid */
                                id: string;
                                file_name: string;
                                content_type: string;
                                size_bytes: number;
                                width: number | null;
                                height: number | null;
                                inline: boolean;
                            }[];
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
                            pinned: boolean;
                            created_at: string;
                            edited_at: string | null;
                            deleted_at: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Unpin a message */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    messageId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            room_id: string;
                            seq: number;
                            /** @enum {string} */
                            kind: "user" | "system";
                            /** Format: uuid */
                            author_id: string | null;
                            body: string | null;
                            system: {
                                /** @enum {string} */
                                action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                /** Format: uuid */
                                actor_id: string | null;
                                /** Format: uuid */
                                user_id?: string;
                                name?: string;
                            } | null;
                            client_id: string | null;
                            reply_to: {
                                /** Format: uuid */
                                id: string;
                                seq: number;
                                /** Format: uuid */
                                author_id: string | null;
                                excerpt: string | null;
                            } | null;
                            conversation_display_id: number | null;
                            mentions: string[];
                            attachments?: {
                                /** Format: uuid */
                                id: string;
                                file_name: string;
                                content_type: string;
                                size_bytes: number;
                                width: number | null;
                                height: number | null;
                                inline: boolean;
                            }[];
                            reactions: {
                                emoji: string;
                                count: number;
                                user_ids: string[];
                            }[];
                            pinned: boolean;
                            created_at: string;
                            edited_at: string | null;
                            deleted_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/mentions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My unread mentions across my rooms, newest first */
        get: {
            parameters: {
                query?: {
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
                            mentions: {
                                room: {
                                    /** Format: uuid */
                                    id: string;
                                    /** @enum {string} */
                                    kind: "dm" | "team" | "discussion";
                                    name: string | null;
                                };
                                message: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    room_id: string;
                                    seq: number;
                                    /** @enum {string} */
                                    kind: "user" | "system";
                                    /** Format: uuid */
                                    author_id: string | null;
                                    body: string | null;
                                    system: {
                                        /** @enum {string} */
                                        action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                        /** Format: uuid */
                                        actor_id: string | null;
                                        /** Format: uuid */
                                        user_id?: string;
                                        name?: string;
                                    } | null;
                                    client_id: string | null;
                                    reply_to: {
                                        /** Format: uuid */
                                        id: string;
                                        seq: number;
                                        /** Format: uuid */
                                        author_id: string | null;
                                        excerpt: string | null;
                                    } | null;
                                    conversation_display_id: number | null;
                                    mentions: string[];
                                    attachments?: {
                                        /** Format: uuid */
                                        id: string;
                                        file_name: string;
                                        content_type: string;
                                        size_bytes: number;
                                        width: number | null;
                                        height: number | null;
                                        inline: boolean;
                                    }[];
                                    reactions: {
                                        emoji: string;
                                        count: number;
                                        user_ids: string[];
                                    }[];
                                    pinned: boolean;
                                    created_at: string;
                                    edited_at: string | null;
                                    deleted_at: string | null;
                                };
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
    "/api/v1/accounts/{accountId}/chat/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Full-text search (Portuguese and English) over the messages of my rooms */
        get: {
            parameters: {
                query: {
                    q: string;
                    room_id?: string;
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
                            results: {
                                room: {
                                    /** Format: uuid */
                                    id: string;
                                    /** @enum {string} */
                                    kind: "dm" | "team" | "discussion";
                                    name: string | null;
                                };
                                message: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    room_id: string;
                                    seq: number;
                                    /** @enum {string} */
                                    kind: "user" | "system";
                                    /** Format: uuid */
                                    author_id: string | null;
                                    body: string | null;
                                    system: {
                                        /** @enum {string} */
                                        action: "room_created" | "member_added" | "member_removed" | "member_left" | "room_renamed" | "room_archived" | "room_unarchived" | "team_unlinked";
                                        /** Format: uuid */
                                        actor_id: string | null;
                                        /** Format: uuid */
                                        user_id?: string;
                                        name?: string;
                                    } | null;
                                    client_id: string | null;
                                    reply_to: {
                                        /** Format: uuid */
                                        id: string;
                                        seq: number;
                                        /** Format: uuid */
                                        author_id: string | null;
                                        excerpt: string | null;
                                    } | null;
                                    conversation_display_id: number | null;
                                    mentions: string[];
                                    attachments?: {
                                        /** Format: uuid */
                                        id: string;
                                        file_name: string;
                                        content_type: string;
                                        size_bytes: number;
                                        width: number | null;
                                        height: number | null;
                                        inline: boolean;
                                    }[];
                                    reactions: {
                                        emoji: string;
                                        count: number;
                                        user_ids: string[];
                                    }[];
                                    pinned: boolean;
                                    created_at: string;
                                    edited_at: string | null;
                                    deleted_at: string | null;
                                };
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
    "/api/v1/accounts/{accountId}/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's Chatwoot teams and their members, as last synced */
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
                            teams: {
                                chatwoot_team_id: number;
                                name: string;
                                description: string | null;
                                allow_auto_assign: boolean;
                                synced_at: string;
                                members: {
                                    chatwoot_user_id: number;
                                    /** Format: uuid */
                                    user_id: string | null;
                                    name: string | null;
                                }[];
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
    "/api/v1/accounts/{accountId}/boards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's boards with their stages and the caller's card counts */
        get: {
            parameters: {
                query?: {
                    archived?: "true" | "false";
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
                            boards: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                description: string | null;
                                is_default: boolean;
                                filter_inbox_ids: number[];
                                filter_team_ids: number[];
                                loss_reasons: string[];
                                archived_at: string | null;
                                created_at: string;
                                updated_at: string;
                                stages: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    board_id: string;
                                    name: string;
                                    colour: string;
                                    position: number;
                                    wip_limit: number | null;
                                    /** @enum {string|null} */
                                    maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                    maps_label: string | null;
                                    is_in_progress: boolean;
                                    is_done: boolean;
                                    sla_hours: number | null;
                                    actions: unknown[];
                                    card_count: number;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a board with its stages */
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
                        description?: string | null;
                        is_default?: boolean;
                        filter_inbox_ids?: number[];
                        filter_team_ids?: number[];
                        loss_reasons?: string[];
                        stages?: {
                            name: string;
                            colour?: string;
                            wip_limit?: number | null;
                            /** @enum {string|null} */
                            maps_status?: "open" | "resolved" | "pending" | "snoozed" | null;
                            maps_label?: string | null;
                            is_in_progress?: boolean;
                            is_done?: boolean;
                            sla_hours?: number | null;
                        }[];
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
                            description: string | null;
                            is_default: boolean;
                            filter_inbox_ids: number[];
                            filter_team_ids: number[];
                            loss_reasons: string[];
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                            stages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                name: string;
                                colour: string;
                                position: number;
                                wip_limit: number | null;
                                /** @enum {string|null} */
                                maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                maps_label: string | null;
                                is_in_progress: boolean;
                                is_done: boolean;
                                sla_hours: number | null;
                                actions: unknown[];
                                card_count: number;
                            }[];
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
    "/api/v1/accounts/{accountId}/boards/{boardId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A board with its stages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            is_default: boolean;
                            filter_inbox_ids: number[];
                            filter_team_ids: number[];
                            loss_reasons: string[];
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                            stages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                name: string;
                                colour: string;
                                position: number;
                                wip_limit: number | null;
                                /** @enum {string|null} */
                                maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                maps_label: string | null;
                                is_in_progress: boolean;
                                is_done: boolean;
                                sla_hours: number | null;
                                actions: unknown[];
                                card_count: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a board without cards (one with cards is archived instead) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
        /** Change a board (name, filters, loss reasons, default, archived) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string | null;
                        is_default?: boolean;
                        filter_inbox_ids?: number[];
                        filter_team_ids?: number[];
                        loss_reasons?: string[];
                        archived?: boolean;
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
                            id: string;
                            name: string;
                            description: string | null;
                            is_default: boolean;
                            filter_inbox_ids: number[];
                            filter_team_ids: number[];
                            loss_reasons: string[];
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                            stages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                name: string;
                                colour: string;
                                position: number;
                                wip_limit: number | null;
                                /** @enum {string|null} */
                                maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                maps_label: string | null;
                                is_in_progress: boolean;
                                is_done: boolean;
                                sla_hours: number | null;
                                actions: unknown[];
                                card_count: number;
                            }[];
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/boards/{boardId}/stages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a stage to a board */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        colour?: string;
                        wip_limit?: number | null;
                        /** @enum {string|null} */
                        maps_status?: "open" | "resolved" | "pending" | "snoozed" | null;
                        maps_label?: string | null;
                        is_in_progress?: boolean;
                        is_done?: boolean;
                        sla_hours?: number | null;
                        /** Format: uuid */
                        after_stage_id?: string | null;
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
                            description: string | null;
                            is_default: boolean;
                            filter_inbox_ids: number[];
                            filter_team_ids: number[];
                            loss_reasons: string[];
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                            stages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                name: string;
                                colour: string;
                                position: number;
                                wip_limit: number | null;
                                /** @enum {string|null} */
                                maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                maps_label: string | null;
                                is_in_progress: boolean;
                                is_done: boolean;
                                sla_hours: number | null;
                                actions: unknown[];
                                card_count: number;
                            }[];
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/stages/{stageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an empty stage */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    stageId: string;
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
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            is_default: boolean;
                            filter_inbox_ids: number[];
                            filter_team_ids: number[];
                            loss_reasons: string[];
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                            stages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                name: string;
                                colour: string;
                                position: number;
                                wip_limit: number | null;
                                /** @enum {string|null} */
                                maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                maps_label: string | null;
                                is_in_progress: boolean;
                                is_done: boolean;
                                sla_hours: number | null;
                                actions: unknown[];
                                card_count: number;
                            }[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change or reorder a stage */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    stageId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        colour?: string;
                        wip_limit?: number | null;
                        /** @enum {string|null} */
                        maps_status?: "open" | "resolved" | "pending" | "snoozed" | null;
                        maps_label?: string | null;
                        is_in_progress?: boolean;
                        is_done?: boolean;
                        sla_hours?: number | null;
                        /** Format: uuid */
                        after_stage_id?: string | null;
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
                            id: string;
                            name: string;
                            description: string | null;
                            is_default: boolean;
                            filter_inbox_ids: number[];
                            filter_team_ids: number[];
                            loss_reasons: string[];
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                            stages: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                name: string;
                                colour: string;
                                position: number;
                                wip_limit: number | null;
                                /** @enum {string|null} */
                                maps_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                maps_label: string | null;
                                is_in_progress: boolean;
                                is_done: boolean;
                                sla_hours: number | null;
                                actions: unknown[];
                                card_count: number;
                            }[];
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cards of a board the caller may see, column by column, with filters */
        get: {
            parameters: {
                query?: {
                    stage_id?: string;
                    assignee?: string | "none";
                    inbox_id?: number;
                    team_id?: number;
                    label?: string;
                    conversation_display_id?: number;
                    q?: string;
                    archived?: "true" | "false";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
                            cards: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                /** Format: uuid */
                                stage_id: string;
                                position: number;
                                title: string;
                                description: string | null;
                                conversation_display_id: number | null;
                                /** @enum {string|null} */
                                conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                                linked_conversation_display_ids: number[];
                                contact: {
                                    id: number | null;
                                    name: string | null;
                                    phone_number: string | null;
                                    email: string | null;
                                } | null;
                                inbox_id: number | null;
                                team_id: number | null;
                                /** Format: uuid */
                                assignee_user_id: string | null;
                                labels: string[];
                                /** @enum {string|null} */
                                priority: "low" | "medium" | "high" | "urgent" | null;
                                due_at: string | null;
                                value: string | null;
                                /** @enum {string|null} */
                                outcome: "won" | "lost" | null;
                                loss_reason: string | null;
                                custom_attributes: {
                                    [key: string]: unknown;
                                };
                                stage_entered_at: string;
                                manual_stage_until_status_change: boolean;
                                cycle: number;
                                last_activity_at: string | null;
                                first_reply_at: string | null;
                                waiting_since: string | null;
                                sla_breached_at: string | null;
                                version: number;
                                archived_at: string | null;
                                created_at: string;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a card for a conversation, or a free card */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        description?: string | null;
                        /** Format: uuid */
                        assignee_user_id?: string | null;
                        labels?: string[];
                        /** @enum {string|null} */
                        priority?: "low" | "medium" | "high" | "urgent" | null;
                        /** Format: date-time */
                        due_at?: string | null;
                        value?: string | null;
                        custom_attributes?: {
                            [key: string]: unknown;
                        };
                        /** Format: uuid */
                        stage_id?: string;
                        conversation_display_id?: number;
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
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A card */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a card without history (one with history is archived instead) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
        /** Change a card (details, assignee, labels, outcome) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        description?: string | null;
                        /** Format: uuid */
                        assignee_user_id?: string | null;
                        labels?: string[];
                        /** @enum {string|null} */
                        priority?: "low" | "medium" | "high" | "urgent" | null;
                        /** Format: date-time */
                        due_at?: string | null;
                        value?: string | null;
                        custom_attributes?: {
                            [key: string]: unknown;
                        };
                        /** @enum {string|null} */
                        outcome?: "won" | "lost" | null;
                        loss_reason?: string | null;
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
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a card within or across stages (409 at a WIP limit or with required checklist items open) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        stage_id: string;
                        /** Format: uuid */
                        after_card_id?: string | null;
                        override_wip_limit?: boolean;
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
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a card (it keeps its history) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bring an archived card back */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A card's history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                                /** Format: uuid */
                                card_id: string;
                                /** Format: uuid */
                                board_id: string;
                                /** @enum {string} */
                                type: "create" | "move" | "assign" | "archive" | "reopen" | "update" | "action";
                                /** Format: uuid */
                                from_stage_id: string | null;
                                /** Format: uuid */
                                to_stage_id: string | null;
                                /** Format: uuid */
                                actor_user_id: string | null;
                                /** @enum {string} */
                                cause: "user" | "automation" | "reconcile";
                                data: {
                                    [key: string]: unknown;
                                };
                                at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link another conversation of the card's contact */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        conversation_display_id: number;
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
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/conversations/{displayId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink a linked conversation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            position: number;
                            title: string;
                            description: string | null;
                            conversation_display_id: number | null;
                            /** @enum {string|null} */
                            conversation_status: "open" | "resolved" | "pending" | "snoozed" | null;
                            linked_conversation_display_ids: number[];
                            contact: {
                                id: number | null;
                                name: string | null;
                                phone_number: string | null;
                                email: string | null;
                            } | null;
                            inbox_id: number | null;
                            team_id: number | null;
                            /** Format: uuid */
                            assignee_user_id: string | null;
                            labels: string[];
                            /** @enum {string|null} */
                            priority: "low" | "medium" | "high" | "urgent" | null;
                            due_at: string | null;
                            value: string | null;
                            /** @enum {string|null} */
                            outcome: "won" | "lost" | null;
                            loss_reason: string | null;
                            custom_attributes: {
                                [key: string]: unknown;
                            };
                            stage_entered_at: string;
                            manual_stage_until_status_change: boolean;
                            cycle: number;
                            last_activity_at: string | null;
                            first_reply_at: string | null;
                            waiting_since: string | null;
                            sla_breached_at: string | null;
                            version: number;
                            archived_at: string | null;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/checklist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A card's checklist */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                card_id: string;
                                text: string;
                                done: boolean;
                                position: number;
                                required_before_leaving: boolean;
                                created_at: string;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a checklist item */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                        required_before_leaving?: boolean;
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
                            /** Format: uuid */
                            card_id: string;
                            text: string;
                            done: boolean;
                            position: number;
                            required_before_leaving: boolean;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/checklist/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a checklist item */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                    itemId: string;
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
        /** Tick, rename, require or reorder a checklist item */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text?: string;
                        done?: boolean;
                        required_before_leaving?: boolean;
                        /** Format: uuid */
                        after_item_id?: string | null;
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
                            id: string;
                            /** Format: uuid */
                            card_id: string;
                            text: string;
                            done: boolean;
                            position: number;
                            required_before_leaving: boolean;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A card's notes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            notes: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                card_id: string;
                                /** Format: uuid */
                                author_user_id: string | null;
                                body: string;
                                created_at: string;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a note to a card */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
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
                            /** Format: uuid */
                            card_id: string;
                            /** Format: uuid */
                            author_user_id: string | null;
                            body: string;
                            created_at: string;
                            updated_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/notes/{noteId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a note (yours; supervisors and administrators any) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                    noteId: string;
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
        /** Edit your note */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                    noteId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
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
                            id: string;
                            /** Format: uuid */
                            card_id: string;
                            /** Format: uuid */
                            author_user_id: string | null;
                            body: string;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
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
    "/api/v1/accounts/{accountId}/webhooks/dead-letters/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue every dead-lettered event of the account again; answers how many */
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
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            queued: number;
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
    "/api/v1/accounts/{accountId}/chat/rooms/{roomId}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a file to a room (multipart field "file"); send it by id with a message */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    roomId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
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
                            /** Format: uuid */
                            room_id: string;
                            /** Format: uuid */
                            message_id: string | null;
                            /** Format: uuid */
                            uploader_id: string | null;
                            file_name: string;
                            content_type: string;
                            size_bytes: number;
                            width: number | null;
                            height: number | null;
                            inline: boolean;
                            /** Format: date-time */
                            created_at: string;
                            url: string;
                            /** Format: date-time */
                            url_expires_at: string;
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
    "/api/v1/accounts/{accountId}/chat/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An attachment with a fresh short-lived download link, for members of its room */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    attachmentId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            room_id: string;
                            /** Format: uuid */
                            message_id: string | null;
                            /** Format: uuid */
                            uploader_id: string | null;
                            file_name: string;
                            content_type: string;
                            size_bytes: number;
                            width: number | null;
                            height: number | null;
                            inline: boolean;
                            /** Format: date-time */
                            created_at: string;
                            url: string;
                            /** Format: date-time */
                            url_expires_at: string;
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
    "/api/v1/chat/files/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bytes behind a signed attachment link; room membership is checked again */
        get: {
            parameters: {
                query: {
                    account: number;
                    user: string;
                    expires: number;
                    signature: string;
                };
                header?: never;
                path: {
                    attachmentId: string;
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
                    content?: never;
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
    "/api/v1/accounts/{accountId}/chat/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's chat settings (retention) */
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
                            retention_days: number | null;
                        };
                    };
                };
            };
        };
        /** Set how many days chat messages are kept (null: forever); applied daily */
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
                        retention_days: number | null;
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
                            retention_days: number | null;
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
    "/api/v1/accounts/{accountId}/chat/purges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest chat purges with their counts */
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
                            purges: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                room_id: string | null;
                                /** Format: date-time */
                                before: string;
                                /** @enum {string} */
                                source: "admin" | "retention";
                                /** Format: uuid */
                                requested_by: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                                messages_purged: number;
                                reactions_purged: number;
                                attachments_purged: number;
                                events_purged: number;
                                error: string | null;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                started_at: string | null;
                                /** Format: date-time */
                                finished_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Purge chat history older than a date (optionally one room), as a job with progress */
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
                        /** Format: date-time */
                        before: string;
                        /** Format: uuid */
                        room_id?: string;
                    };
                };
            };
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
                            /** Format: uuid */
                            room_id: string | null;
                            /** Format: date-time */
                            before: string;
                            /** @enum {string} */
                            source: "admin" | "retention";
                            /** Format: uuid */
                            requested_by: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                            messages_purged: number;
                            reactions_purged: number;
                            attachments_purged: number;
                            events_purged: number;
                            error: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            started_at: string | null;
                            /** Format: date-time */
                            finished_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/purges/{purgeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A purge's status and progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    purgeId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            room_id: string | null;
                            /** Format: date-time */
                            before: string;
                            /** @enum {string} */
                            source: "admin" | "retention";
                            /** Format: uuid */
                            requested_by: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                            messages_purged: number;
                            reactions_purged: number;
                            attachments_purged: number;
                            events_purged: number;
                            error: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            started_at: string | null;
                            /** Format: date-time */
                            finished_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/conversation-references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cards of referenced conversations, for those the caller may see in Chatwoot */
        get: {
            parameters: {
                query: {
                    display_ids: string;
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
                            references: {
                                display_id: number;
                                /** @enum {string} */
                                access: "granted" | "unavailable";
                                card: {
                                    display_id: number;
                                    /** @enum {string} */
                                    status: "open" | "resolved" | "pending" | "snoozed";
                                    contact: {
                                        name: string | null;
                                        phone_number: string | null;
                                        email: string | null;
                                    } | null;
                                    inbox: {
                                        id: number;
                                        name: string | null;
                                    };
                                    assignee: {
                                        id: number;
                                        name: string | null;
                                    } | null;
                                    team: {
                                        id: number;
                                        name: string | null;
                                    } | null;
                                    last_message: {
                                        /** Format: date-time */
                                        at: string;
                                        /** @enum {string} */
                                        from: "contact" | "agent" | "note";
                                    } | null;
                                    chatwoot_url: string;
                                } | null;
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
    "/api/v1/accounts/{accountId}/chat/conversations/{displayId}/discussion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open (and join) a conversation's internal discussion room, created on first use */
        post: {
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
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "dm" | "team" | "discussion";
                            name: string | null;
                            description: string | null;
                            chatwoot_team_id: number | null;
                            conversation_display_id: number | null;
                            /** Format: uuid */
                            created_by: string | null;
                            created_at: string;
                            archived_at: string | null;
                            last_message_seq: number;
                            last_event_seq: number;
                            last_message_at: string | null;
                            last_message_preview: string | null;
                            /** @enum {string} */
                            my_role: "owner" | "moderator" | "member";
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
                            dm_user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            } | null;
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
    "/api/v1/accounts/{accountId}/chat/teams/{teamId}/room": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open the chat room of a Chatwoot team (created on first use); members follow the team's */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    teamId: number;
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
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "dm" | "team" | "discussion";
                            name: string | null;
                            description: string | null;
                            chatwoot_team_id: number | null;
                            conversation_display_id: number | null;
                            /** Format: uuid */
                            created_by: string | null;
                            created_at: string;
                            archived_at: string | null;
                            last_message_seq: number;
                            last_event_seq: number;
                            last_message_at: string | null;
                            last_message_preview: string | null;
                            /** @enum {string} */
                            my_role: "owner" | "moderator" | "member";
                            last_read_seq: number;
                            unread_count: number;
                            mention_count: number;
                            muted: boolean;
                            /** @enum {string} */
                            notification_level: "all" | "mentions" | "none";
                            dm_user: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                avatar_url: string | null;
                            } | null;
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
    "/api/v1/accounts/{accountId}/chat/announcements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Announcements I received, newest first, with my read state */
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
                            announcements: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                author_id: string | null;
                                chatwoot_team_id: number | null;
                                body: string;
                                /** Format: date-time */
                                created_at: string;
                                recipient_count: number;
                                read_count: number;
                                /** Format: date-time */
                                read_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Announce something to a Chatwoot team or the whole account */
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
                        body: string;
                        chatwoot_team_id?: number;
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
                            /** Format: uuid */
                            author_id: string | null;
                            chatwoot_team_id: number | null;
                            body: string;
                            /** Format: date-time */
                            created_at: string;
                            recipient_count: number;
                            read_count: number;
                            /** Format: date-time */
                            read_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/announcements/{announcementId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark an announcement I received as read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    announcementId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            author_id: string | null;
                            chatwoot_team_id: number | null;
                            body: string;
                            /** Format: date-time */
                            created_at: string;
                            recipient_count: number;
                            read_count: number;
                            /** Format: date-time */
                            read_at: string | null;
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
    "/api/v1/accounts/{accountId}/chat/announcements/{announcementId}/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who received an announcement and who has read it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    announcementId: string;
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
                            /** Format: uuid */
                            announcement_id: string;
                            receipts: {
                                user: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                /** Format: date-time */
                                read_at: string | null;
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
    "/api/v1/accounts/{accountId}/domain-events/dead-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Domain event deliveries whose consumer failed its last attempt */
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
                            deliveries: {
                                /** Format: uuid */
                                event_id: string;
                                consumer: string;
                                event_type: string;
                                conversation_display_id: number;
                                occurred_at: string;
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed" | "dead";
                                attempts: number;
                                last_error: string | null;
                                delivered_at: string | null;
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
    "/api/v1/accounts/{accountId}/domain-events/dead-deliveries/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver every dead delivery again (up to 500 per call), each to its own consumer only */
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
                            replayed: number;
                            delivered: number;
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
    "/api/v1/accounts/{accountId}/domain-events/{eventId}/deliveries/{consumer}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver one dead delivery again, to its consumer only; answers the delivery after the attempt */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    eventId: string;
                    consumer: string;
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
                            /** Format: uuid */
                            event_id: string;
                            consumer: string;
                            event_type: string;
                            conversation_display_id: number;
                            occurred_at: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed" | "dead";
                            attempts: number;
                            last_error: string | null;
                            delivered_at: string | null;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lead and cycle time, time in stage, throughput, ageing WIP, cumulative flow and outcomes
         * @description `from` is inclusive and `to` exclusive (ISO 8601 with an offset); the default is the 30 days up to now, the longest range a year. Days and weeks are UTC. Agents get figures over the cards of their inboxes (and free cards) only. Definitions: docs/KANBAN.md.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                };
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
                            /** Format: uuid */
                            board_id: string;
                            from: string;
                            to: string;
                            restricted_to_visible_cards: boolean;
                            lead_time: {
                                count: number;
                                average: number | null;
                                p50: number | null;
                                p85: number | null;
                            };
                            cycle_time: {
                                count: number;
                                average: number | null;
                                p50: number | null;
                                p85: number | null;
                            };
                            distribution: {
                                edges_hours: number[];
                                lead_time: number[];
                                cycle_time: number[];
                            };
                            time_in_stage: {
                                /** Format: uuid */
                                stage_id: string;
                                stage_name: string;
                                count: number;
                                average: number | null;
                                p50: number | null;
                                p85: number | null;
                            }[];
                            throughput: {
                                total: number;
                                per_day: {
                                    day: string;
                                    completed: number;
                                }[];
                                per_week: {
                                    week: string;
                                    completed: number;
                                }[];
                            };
                            ageing_wip: {
                                /** Format: uuid */
                                stage_id: string;
                                stage_name: string;
                                cards: number;
                                average_age: number | null;
                                p85_age: number | null;
                                oldest_age: number | null;
                            }[];
                            cumulative_flow: {
                                stages: {
                                    /** Format: uuid */
                                    stage_id: string;
                                    stage_name: string;
                                }[];
                                days: {
                                    day: string;
                                    counts: number[];
                                }[];
                            };
                            outcomes: {
                                won: number;
                                lost: number;
                                open: number;
                                win_rate: number | null;
                                loss_reasons: {
                                    reason: string | null;
                                    cards: number;
                                }[];
                            };
                            conversion: {
                                cohort: number;
                                stages: {
                                    /** Format: uuid */
                                    stage_id: string;
                                    stage_name: string;
                                    reached: number;
                                    share_of_cohort: number | null;
                                    won: number;
                                }[];
                            };
                            by_inbox: {
                                chatwoot_inbox_id: number | null;
                                completed: number;
                                lead_time: {
                                    count: number;
                                    average: number | null;
                                    p50: number | null;
                                    p85: number | null;
                                };
                                wip: number;
                            }[];
                            by_assignee: {
                                /** Format: uuid */
                                user_id: string | null;
                                completed: number;
                                lead_time: {
                                    count: number;
                                    average: number | null;
                                    p50: number | null;
                                    p85: number | null;
                                };
                                wip: number;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/metrics.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The board's cards (or one stage's) with their times, as CSV
         * @description `from` is inclusive and `to` exclusive (ISO 8601 with an offset); the default is the 30 days up to now, the longest range a year. Days and weeks are UTC. Agents get figures over the cards of their inboxes (and free cards) only. Definitions: docs/KANBAN.md. A card is listed when it was on the board at some moment of the range. At most 10 000 rows; `X-Export-Truncated: true` says there were more. Cells a spreadsheet would run as a formula are prefixed with a single quote.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    stage_id?: string;
                };
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cards past their stage SLA (in their current stay), longest overdue first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
                            breaches: {
                                /** Format: uuid */
                                card_id: string;
                                title: string;
                                /** Format: uuid */
                                stage_id: string;
                                stage_name: string;
                                sla_hours: number;
                                stage_entered_at: string;
                                sla_breached_at: string;
                                /** Format: uuid */
                                assignee_user_id: string | null;
                                conversation_display_id: number | null;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/stages/{stageId}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace a stage's entry actions
         * @description Labels, assignment, private note, message to the contact (`{{contact.name}}`, `{{card.title}}`, `{{stage.name}}`), or a signed webhook; run once per entry, after it commits. Entries before the change keep the actions they had.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    stageId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        actions: ({
                            /** @enum {string} */
                            type: "add_labels";
                            labels: string[];
                        } | {
                            /** @enum {string} */
                            type: "remove_labels";
                            labels: string[];
                        } | {
                            /** @enum {string} */
                            type: "assign_agent";
                            agent_id: number | null;
                        } | {
                            /** @enum {string} */
                            type: "assign_team";
                            team_id: number | null;
                        } | {
                            /** @enum {string} */
                            type: "private_note";
                            template: string;
                        } | {
                            /** @enum {string} */
                            type: "message";
                            template: string;
                        } | {
                            /** @enum {string} */
                            type: "webhook";
                            /** Format: uri */
                            url: string;
                        })[];
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
                            actions: ({
                                /** @enum {string} */
                                type: "add_labels";
                                labels: string[];
                            } | {
                                /** @enum {string} */
                                type: "remove_labels";
                                labels: string[];
                            } | {
                                /** @enum {string} */
                                type: "assign_agent";
                                agent_id: number | null;
                            } | {
                                /** @enum {string} */
                                type: "assign_team";
                                team_id: number | null;
                            } | {
                                /** @enum {string} */
                                type: "private_note";
                                template: string;
                            } | {
                                /** @enum {string} */
                                type: "message";
                                template: string;
                            } | {
                                /** @enum {string} */
                                type: "webhook";
                                /** Format: uri */
                                url: string;
                            })[];
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A card's stage-action runs, newest first, with failures and their errors */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            runs: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                card_id: string;
                                /** Format: uuid */
                                stage_id: string;
                                /** Format: uuid */
                                card_event_id: string;
                                action_index: number;
                                action: {
                                    /** @enum {string} */
                                    type: "add_labels";
                                    labels: string[];
                                } | {
                                    /** @enum {string} */
                                    type: "remove_labels";
                                    labels: string[];
                                } | {
                                    /** @enum {string} */
                                    type: "assign_agent";
                                    agent_id: number | null;
                                } | {
                                    /** @enum {string} */
                                    type: "assign_team";
                                    team_id: number | null;
                                } | {
                                    /** @enum {string} */
                                    type: "private_note";
                                    template: string;
                                } | {
                                    /** @enum {string} */
                                    type: "message";
                                    template: string;
                                } | {
                                    /** @enum {string} */
                                    type: "webhook";
                                    /** Format: uri */
                                    url: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "succeeded" | "failed" | "skipped";
                                attempts: number;
                                last_error: string | null;
                                created_at: string;
                                finished_at: string | null;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/actions/{runId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a failed stage action again now
         * @description A run that succeeded or is running is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                    runId: string;
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
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            card_id: string;
                            /** Format: uuid */
                            stage_id: string;
                            /** Format: uuid */
                            card_event_id: string;
                            action_index: number;
                            action: {
                                /** @enum {string} */
                                type: "add_labels";
                                labels: string[];
                            } | {
                                /** @enum {string} */
                                type: "remove_labels";
                                labels: string[];
                            } | {
                                /** @enum {string} */
                                type: "assign_agent";
                                agent_id: number | null;
                            } | {
                                /** @enum {string} */
                                type: "assign_team";
                                team_id: number | null;
                            } | {
                                /** @enum {string} */
                                type: "private_note";
                                template: string;
                            } | {
                                /** @enum {string} */
                                type: "message";
                                template: string;
                            } | {
                                /** @enum {string} */
                                type: "webhook";
                                /** Format: uri */
                                url: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed" | "skipped";
                            attempts: number;
                            last_error: string | null;
                            created_at: string;
                            finished_at: string | null;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/time-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The board's time rules */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
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
                            rules: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                board_id: string;
                                /** @enum {string} */
                                kind: "in_stage" | "waiting_reply";
                                /** Format: uuid */
                                stage_id: string;
                                hours: number;
                                /** Format: uuid */
                                move_to_stage_id: string | null;
                                notify_assignee: boolean;
                                enabled: boolean;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a time rule: after N hours in a stage or waiting for a reply, move and/or notify */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "in_stage" | "waiting_reply";
                        /** Format: uuid */
                        stage_id: string;
                        hours: number;
                        /** Format: uuid */
                        move_to_stage_id: string | null;
                        notify_assignee: boolean;
                        /** @default true */
                        enabled?: boolean;
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
                            /** Format: uuid */
                            board_id: string;
                            /** @enum {string} */
                            kind: "in_stage" | "waiting_reply";
                            /** Format: uuid */
                            stage_id: string;
                            hours: number;
                            /** Format: uuid */
                            move_to_stage_id: string | null;
                            notify_assignee: boolean;
                            enabled: boolean;
                            created_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/time-rules/{ruleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a time rule */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    ruleId: string;
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
        /**
         * Change a time rule (hours, stages, notice, enabled)
         * @description Any of the fields; the rule as changed must still move the card to another stage of the board and/or notify. Firings already recorded stand.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    ruleId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind?: "in_stage" | "waiting_reply";
                        /** Format: uuid */
                        stage_id?: string;
                        hours?: number;
                        /** Format: uuid */
                        move_to_stage_id?: string | null;
                        notify_assignee?: boolean;
                        enabled?: boolean;
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
                            id: string;
                            /** Format: uuid */
                            board_id: string;
                            /** @enum {string} */
                            kind: "in_stage" | "waiting_reply";
                            /** Format: uuid */
                            stage_id: string;
                            hours: number;
                            /** Format: uuid */
                            move_to_stage_id: string | null;
                            notify_assignee: boolean;
                            enabled: boolean;
                            created_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/reminders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A card's reminders */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
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
                            reminders: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                card_id: string;
                                /** Format: uuid */
                                user_id: string;
                                /** Format: uuid */
                                created_by: string | null;
                                note: string | null;
                                due_at: string;
                                sent_at: string | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Remind someone about a card at a time (the assignee by default) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        due_at: string;
                        note?: string;
                        /** Format: uuid */
                        user_id?: string;
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
                            /** Format: uuid */
                            card_id: string;
                            /** Format: uuid */
                            user_id: string;
                            /** Format: uuid */
                            created_by: string | null;
                            note: string | null;
                            due_at: string;
                            sent_at: string | null;
                            created_at: string;
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
    "/api/v1/accounts/{accountId}/boards/{boardId}/cards/{cardId}/reminders/{reminderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a reminder */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                    boardId: string;
                    cardId: string;
                    reminderId: string;
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
    "/api/v1/accounts/{accountId}/kanban/webhook-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stage-webhook signing key, masked (its last 4 characters) */
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
                            key_hint: string | null;
                            created_at: string | null;
                            updated_at: string | null;
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
    "/api/v1/accounts/{accountId}/kanban/webhook-key/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show the stage-webhook signing key in full (audited); created on first use
         * @description Stage webhooks carry `X-WhatPro-Signature: sha256=<hex HMAC-SHA256 of "<X-WhatPro-Timestamp>.<raw body>">` under this key (docs/KANBAN.md).
         */
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
                            key_hint: string | null;
                            created_at: string | null;
                            updated_at: string | null;
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
    "/api/v1/accounts/{accountId}/kanban/webhook-key/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the stage-webhook signing key at once and show the new one (audited) */
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
                            key_hint: string | null;
                            created_at: string | null;
                            updated_at: string | null;
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
    "/api/v1/realtime/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use ticket (30 s) that opens /ws or the event stream for one account */
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
                            ticket: string;
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
    "/api/v1/accounts/{accountId}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who in the account is online or away now (everyone else is offline) */
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
                            users: {
                                /** Format: uuid */
                                user_id: string;
                                /** @enum {string} */
                                status: "online" | "away" | "offline";
                                version: number;
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
    "/api/v1/realtime/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The realtime stream as Server-Sent Events (fallback for /ws): the same frames as `data:` lines; an `end` event with a close code before the server ends it */
        get: {
            parameters: {
                query: {
                    ticket: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
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
