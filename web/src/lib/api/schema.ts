// Generated from the API's OpenAPI schema by scripts/generate-client.mjs. Do not edit.

export type paths = {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of PostgreSQL, Blob, Queue and Cosmos DB */
        get: operations["health-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the app answers (checks nothing else) */
        get: operations["health-get-liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log of the whole platform, newest first */
        get: operations["admin-list-audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find accounts, newest first */
        get: operations["admin-list-users"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account */
        get: operations["admin-get-user"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, change the email, disable or enable, grant or remove platform admin */
        patch: operations["admin-update-user"];
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password */
        post: operations["auth-login"];
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
        /** End this session (every token of its family) */
        post: operations["auth-logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of this account, on every device (this one included) */
        post: operations["auth-logout-everywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/microsoft/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where Microsoft sends the browser back; signs in and redirects to the app */
        get: operations["auth-microsoft-callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/microsoft/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start Sign in with Microsoft (redirects to Microsoft) */
        get: operations["auth-microsoft-login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/microsoft/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether Sign in with Microsoft is set up here (sign-in pages show its button only then) */
        get: operations["auth-microsoft-status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a password reset link (same answer whether or not the account exists) */
        post: operations["auth-forgot-password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with a reset link's token (ends every session) */
        post: operations["auth-reset-password"];
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
        /** Exchange a refresh token for a new pair (the old one stops working) */
        post: operations["auth-refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (sends a verification email) */
        post: operations["auth-register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling (never fails: anonymous callers get authenticated=false) */
        get: operations["auth-session"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address */
        post: operations["auth-verify-email"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a new verification link to your address (earlier links stop working) */
        post: operations["auth-resend-verification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message to the people who run clickKloudy */
        post: operations["contact-send-message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every workspace's feed posts, newest first */
        get: operations["feed-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/feed/posts/{post_id}/author/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The avatar of a feed post's author (WebP) */
        get: operations["feed-get-author-avatar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/feed/posts/{post_id}/media/{position}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One file of a feed post: its original, thumbnail or poster */
        get: operations["feed-get-post-media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation link is for, before signing up (while it can still be accepted) */
        get: operations["workspaces-view-invitation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation (signed in with the invited email address) */
        post: operations["workspaces-accept-invitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's profile */
        get: operations["me-get"];
        put?: never;
        post?: never;
        /** Delete the account, its personal data and the workspaces only it belongs to */
        delete: operations["me-delete"];
        options?: never;
        head?: never;
        /** Change name, bio, time zone or language */
        patch: operations["me-update"];
        trace?: never;
    };
    "/api/v1/me/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API keys, newest first (the latest 100, revoked ones included) */
        get: operations["api-keys-list"];
        put?: never;
        /** Create an API key (the key is shown once) */
        post: operations["api-keys-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (it stops working at once) */
        delete: operations["api-keys-revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's avatar (WebP) */
        get: operations["me-get-avatar"];
        put?: never;
        /** Upload an avatar (cropped to a square, re-encoded as WebP, metadata removed) */
        post: operations["me-upload-avatar"];
        /** Remove the avatar */
        delete: operations["me-delete-avatar"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password (ends every other session; this device gets new tokens) */
        post: operations["me-change-password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth/{platform}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the platform returns the person after they allow access; redirects to the web app
         * @description The state is the proof: it is single-use, expires, and names the person and workspace that began.
         */
        get: operations["platforms-oauth-callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/platforms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every platform, its limits and analytics */
        get: operations["platforms-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/profiles/{handle}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workspace's public page and its feed posts, newest first */
        get: operations["feed-get-profile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/profiles/{handle}/posts/{post_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One feed post (the page its published URL shows) */
        get: operations["feed-get-post"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspaces you belong to, with your role */
        get: operations["workspaces-list"];
        put?: never;
        /** Create a workspace (you become its owner) */
        post: operations["workspaces-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a workspace's settings and your role in it */
        get: operations["workspaces-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change some of a workspace's settings */
        patch: operations["workspaces-update"];
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Connected accounts (paged, searchable) */
        get: operations["accounts-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One connected account */
        get: operations["accounts-get"];
        put?: never;
        post?: never;
        /** Remove an account (and revoke its token where the platform allows) */
        delete: operations["accounts-delete"];
        options?: never;
        head?: never;
        /** Rename, pause or resume */
        patch: operations["accounts-update"];
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts/{account_id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's audience figures, read from the platform now */
        get: operations["accounts-metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts/{account_id}/metrics/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's collected audience figures over time */
        get: operations["analytics-account-metrics-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts/{account_id}/reconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reconnect an account whose token stopped working */
        post: operations["accounts-reconnect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts/connect/{platform}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect accounts: an authorize_url for OAuth platforms, or accounts at once for credential ones */
        post: operations["accounts-connect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/accounts/connect/sandbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect an account on the sandbox platform (when SANDBOX_MODE is on) */
        post: operations["accounts-connect-sandbox"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/accounts/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's latest figures, stored or live
         * @description With live=true the platform is asked now, unless it was in the last ANALYTICS_LIVE_CACHE_SECONDS (then those figures are shown, as live). What is fetched is stored. When the platform fails, is rate limited or the token is expired, the stored figures are shown with their age and `live_error`.
         */
        get: operations["analytics-account-metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/best-times": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * When posts did best: a weekday-by-hour grid per platform, from the workspace's history
         * @description Each cell is the engagement rate of the posts published in that hour of that weekday (the workspace's zone) in the period (default: the last 90 days), and how many posts it rests on. Below ANALYTICS_BEST_TIMES_MIN_POSTS rated posts a cell shows no rate: not enough data yet. Nothing is estimated. Engagement rate = (reactions + comments + shares + saves) / impressions. A platform that reports no impressions is divided by its reach, and one that reports neither by its video views; engagement figures a platform does not report add nothing. A platform that reports none of the four engagement figures, or none of the three audience figures, has no engagement rate (null). Over several posts or platforms it is the sum of their engagements over the sum of their audience figures (each platform's by the same rule), never an average of rates. Clicks are not engagement.
         */
        get: operations["analytics-best-times"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/collect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Collect the workspace's figures now (owners and admins)
         * @description Queues the same pulls as the hourly timer, for this workspace's accounts: all figures, or `accounts` (followers and account figures) or `posts` (post figures) only, then the rollup the dashboard reads. The figures arrive over the next minutes.
         */
        post: operations["analytics-collect-now"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/followers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follower growth per account and in total, by day or week
         * @description Each point is the count at the end of its day or week (the workspace's zone). A day on which no collection ran keeps the day before's count; an account counts from the day it was first measured. Read from the daily rollups.
         */
        get: operations["analytics-followers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published posts ranked by a metric, top or bottom
         * @description One row per published post per account (a post sent to three accounts has three rows, each with its own figures), published in the period, with its latest figures. Posts whose platform does not report the metric are left out. Engagement rate = (reactions + comments + shares + saves) / impressions. A platform that reports no impressions is divided by its reach, and one that reports neither by its video views; engagement figures a platform does not report add nothing. A platform that reports none of the four engagement figures, or none of the three audience figures, has no engagement rate (null). Over several posts or platforms it is the sum of their engagements over the sum of their audience figures (each platform's by the same rule), never an average of rates. Clicks are not engagement.
         */
        get: operations["analytics-ranked-posts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/report-schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's scheduled reports (owners and admins) */
        get: operations["analytics-list-report-schedules"];
        put?: never;
        /**
         * Email the analytics report weekly or monthly to members (owners and admins)
         * @description The report's PDF (as analytics/report.pdf gives it, in the schedule's language, with its accounts and platforms) is emailed to each recipient at `hour` in the workspace's zone: weekly on `weekday`, for the 7 days before, or monthly on `day_of_month`, for the calendar month before. Each period is sent once; recipients who left the workspace are skipped. Audited.
         */
        post: operations["analytics-create-report-schedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/report-schedules/{schedule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One scheduled report (owners and admins) */
        get: operations["analytics-get-report-schedule"];
        put?: never;
        post?: never;
        /** Stop a scheduled report (owners and admins) */
        delete: operations["analytics-delete-report-schedule"];
        options?: never;
        head?: never;
        /**
         * Change a scheduled report (owners and admins)
         * @description Only the fields given change. Audited with what changed.
         */
        patch: operations["analytics-update-report-schedule"];
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The analytics report of a period as a PDF, in English or Arabic
         * @description Totals with their change against the previous period of the same length, charts (followers over time, engagement by platform, posts per day), the top posts by engagements and the best times to post (from the 90 days up to `to`), with the engagement rate's definition. The figures are those of analytics/summary, analytics/followers, analytics/posts and analytics/best-times for the same period and filters.
         */
        get: operations["analytics-report-pdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Totals per metric, engagement rate and followers, against the previous period
         * @description Shared metrics: impressions: times the post was displayed (Meta's views count here); reach: distinct people who saw it; views: video plays; reactions: likes, favourites and other reactions; comments: comments and replies; shares: shares, reposts, reblogs and quotes; saves: saves and bookmarks; clicks: clicks on the post or its link; followers: followers (subscribers, members) of the account. Figures a platform does not report are null, never 0, and totals add a metric only across the platforms that report it. Posts count in the period they were published in, with their latest figures. Engagement rate = (reactions + comments + shares + saves) / impressions. A platform that reports no impressions is divided by its reach, and one that reports neither by its video views; engagement figures a platform does not report add nothing. A platform that reports none of the four engagement figures, or none of the three audience figures, has no engagement rate (null). Over several posts or platforms it is the sum of their engagements over the sum of their audience figures (each platform's by the same rule), never an average of rates. Clicks are not engagement. Read from the daily rollups (`source` is always stored).
         */
        get: operations["analytics-summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts waiting for my approval, oldest first (empty for someone who cannot approve) */
        get: operations["posts-waiting-for-me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's audit log, newest first */
        get: operations["workspaces-list-audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Scheduled posts between two instants, grouped by day in a time zone (the workspace's by default) */
        get: operations["posts-calendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/feed/posts/{post_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take one of the workspace's feed posts down (it disappears from the feed and profile) */
        delete: operations["feed-delete-post"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List pending invitations, newest first */
        get: operations["workspaces-list-invitations"];
        put?: never;
        /** Invite someone by email (replaces their pending invitation) */
        post: operations["workspaces-create-invitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/invitations/{invitation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a pending invitation */
        delete: operations["workspaces-revoke-invitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Leave the workspace (the owner transfers ownership first) */
        post: operations["workspaces-leave"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The media library: ready media, newest first */
        get: operations["media-list"];
        put?: never;
        /**
         * Upload a small file through the API (multipart field `file`)
         * @description For API clients and scripts. Large files: use `/uploads` and PUT to Blob Storage.
         */
        post: operations["media-upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/media/{media_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ready media, with fresh read URLs */
        get: operations["media-get"];
        put?: never;
        post?: never;
        /** Delete a media and its files */
        delete: operations["media-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/media/{media_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish an upload: the file is inspected and becomes ready, or is refused */
        post: operations["media-complete-upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/media/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an upload: get a URL the browser PUTs the file to
         * @description Accepted types: image/jpeg, image/png, image/gif, image/webp, video/mp4, video/quicktime. Then call `/{media_id}/complete`.
         */
        post: operations["media-request-upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the members and their roles, in join order */
        get: operations["workspaces-list-members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member ranked below you */
        delete: operations["workspaces-remove-member"];
        options?: never;
        head?: never;
        /** Change the role of a member ranked below you */
        patch: operations["workspaces-change-role"];
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts, filtered and keyset-paged (newest first, or soonest scheduled first) */
        get: operations["posts-list"];
        put?: never;
        /** Create a post for up to 1,000 accounts: now, scheduled, or as a draft */
        post: operations["posts-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One post with every target's state */
        get: operations["posts-get"];
        put?: never;
        post?: never;
        /** Delete a post that has not gone out anywhere */
        delete: operations["posts-delete"];
        options?: never;
        head?: never;
        /** Change text, time, accounts or media until it starts publishing (with a scope, of a series) */
        patch: operations["posts-update"];
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a post waiting for approval: it is scheduled (now, if its time has passed) */
        post: operations["posts-approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel every target that has not started publishing (with a scope, of a series too) */
        post: operations["posts-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new draft with the same content and accounts */
        post: operations["posts-duplicate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The latest figures of each target of a post, stored or live
         * @description With live=true each account of the post is asked for its figures now (at most 25 accounts), unless it was in the last ANALYTICS_LIVE_CACHE_SECONDS (then those are shown, as live). What is fetched is stored. When the platform fails, is rate limited or the token is expired, the stored figures are shown with their age and `live_error`.
         */
        get: operations["analytics-post-metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/metrics/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A post's figures over time, day by day on each of its accounts
         * @description From the post rollups (one point per day it was measured, for the 30 days it is collected).
         */
        get: operations["analytics-post-metrics-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a post back to its author as a draft, with a comment the post keeps */
        post: operations["posts-reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish failed and unconfirmed targets again, now */
        post: operations["posts-retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The post's review history, oldest first: submitted, approved, rejected (with the comment) */
        get: operations["posts-review-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/{post_id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a draft: checked like a new post, then waiting for approval, or scheduled when its author may approve */
        post: operations["posts-submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download posts as CSV (re-importable)
         * @description By scheduled time, soonest first (the same second: in creation order), then drafts without a time, oldest first. `from`/`to` filter on the scheduled time, `status` on the post's status. `bom=true` starts the file with a UTF-8 BOM: Excel needs it to read Arabic, emoji and other non-Latin text (without it Excel guesses a legacy encoding). `scheduled_at` is the post's local time with its offset; `accounts` are `platform:@handle` (the id when a handle is ambiguous), leaving out accounts the post was cancelled for. `account_texts`, `account_media_ids` and `account_options` are JSON objects keyed by those same names, holding each account's own text, media ids and platform options (empty when no account has its own). Every occurrence of a recurring post carries `series_id`, the series' `recurrence` (RRULE) and `series_starts_at` (its first occurrence); a series that makes no more occurrences keeps its `series_id` with an empty `recurrence`. `published_urls` lists where it went out. Cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so spreadsheets do not run them; import removes it again. Importing the file gives back the same posts, per-account content and series.
         */
        get: operations["posts-export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create posts from a CSV file, with a row-by-row report
         * @description UTF-8, with or without a BOM; a header row names the columns (any order, any case). Required: `scheduled_at` (ISO 8601 with offset, or local time with `timezone`; empty makes a draft), `text`, `accounts` (`|`-separated account ids or `platform:@handle`, e.g. `sandbox:@demo.brand`). Optional: `timezone` (IANA), `media_ids` (`|`-separated ids of ready media in the library); `account_texts`, `account_media_ids`, `account_options`: JSON objects from an account of the row (as `accounts` names it) to its own text, its own list of media ids (`[]` for none) and its platform options; `series_id` (any label), `recurrence` (RFC 5545 RRULE) and `series_starts_at` (the series' first occurrence) for recurring posts. `media_url` is refused per row (`media_url_not_supported`): upload through `/media` first. `id` and `published_urls` are ignored; `status` `draft` keeps a row a draft and finished statuses (published, failed, cancelled, ...) are refused so an export never posts twice. Each row is checked with the same rules as `POST /posts`. Rows with the same `series_id` are one series: its earliest valid row creates a recurring post with the rule, the later ones are `skipped` (the rule makes them); a COUNT counts only what is left after `series_starts_at`. A row with `recurrence` and no `series_id` is a recurring post of its own. `all_or_nothing` creates nothing if any row is invalid; a row that fails while saving (a race) stops the import there and the report says which rows were created. `best_effort` creates every valid row. A readable file always gets 200 with the report; `errors` counts rows that were not created. The file an export gives imports back to the same posts.
         */
        post: operations["posts-import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Per-account rendering and every problem, by the same rules as saving, without saving anything */
        post: operations["posts-preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/posts/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of the workspace's posts are in each status */
        get: operations["posts-summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/series/{series_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recurring post's series: its rule, zone, next occurrences and status */
        get: operations["posts-get-series"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/transfer-ownership": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make another member the owner (you become an admin) */
        post: operations["workspaces-transfer-ownership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's webhooks */
        get: operations["webhooks-list"];
        put?: never;
        /** Register a webhook (its signing secret is shown once) */
        post: operations["webhooks-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook */
        get: operations["webhooks-get"];
        put?: never;
        post?: never;
        /** Delete a webhook and its delivery log */
        delete: operations["webhooks-delete"];
        options?: never;
        head?: never;
        /** Turn a webhook on or off, or change its events */
        patch: operations["webhooks-update"];
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries to a webhook, newest first, with every attempt */
        get: operations["webhooks-list-deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/webhooks/{webhook_id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the signing secret (the new one is shown once; the old one signs too for a while) */
        post: operations["webhooks-rotate-secret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{ws}/webhooks/{webhook_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a signed ping event now and see how the receiver answered
         * @description The ping goes through the delivery path of real events (same headers, same signatures, listed under deliveries) with the body `{"id", "type": "ping", "created_at", "data": {"webhook_id", "message"}}`. It is sent once, also to a webhook that is off, and never retried; `status` is delivered or failed, and its attempt has the status code, duration and error.
         */
        post: operations["webhooks-ping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** AccountGrowthOut */
        AccountGrowthOut: {
            /** Account Id */
            account_id: string;
            /** Change */
            change: number | null;
            /** End */
            end: number | null;
            /**
             * Handle
             * @description Null: the account has left the workspace since.
             */
            handle: string | null;
            /** Platform */
            platform: string;
            /**
             * Points
             * @description The account's own points: with account_points=true, or when accounts are chosen.
             */
            points: components["schemas"]["PointOut"][] | null;
            /**
             * Start
             * @description At the end of the day before `from` (null: not measured before the period).
             */
            start: number | null;
        };
        /** AccountHistoryOut */
        AccountHistoryOut: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /**
             * Items
             * @description Hourly snapshots, oldest first.
             */
            items: components["schemas"]["SnapshotOut"][];
            /**
             * Next From
             * @description Pass as `from` for the rest of the range when `limit` cut this page short; else null.
             */
            next_from: string | null;
            /** Platform */
            platform: string;
        };
        /** AccountMetricsOut */
        AccountMetricsOut: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /** Age Seconds */
            age_seconds: number | null;
            /** As Of */
            as_of: string | null;
            /**
             * Figures
             * @description Shared account metrics (followers, impressions, reach, views); null: not available.
             */
            figures: {
                [key: string]: number | null;
            };
            /** Followers */
            followers: number | null;
            /** Handle */
            handle: string;
            /** @description With live=true: why the stored figures are shown instead of live ones. */
            live_error: components["schemas"]["LiveErrorOut"] | null;
            /**
             * Metrics
             * @description The platform's own names (see the catalog).
             */
            metrics: {
                [key: string]: number;
            };
            /** Platform */
            platform: string;
            /**
             * Source
             * @description stored or live; null: nothing collected yet.
             */
            source: ("stored" | "live") | null;
        };
        /** AccountOut */
        AccountOut: {
            /** Avatar Url */
            avatar_url?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string;
            /** Handle */
            handle: string;
            /**
             * Health
             * @description connected (publishing works), needs_reauth (the platform refused its token: reconnect) or disconnected (paused here)
             */
            health: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Last Error
             * @description Why the account needs reconnecting, when it does.
             */
            last_error?: string | null;
            /** Platform */
            platform: string;
            /** Profile Url */
            profile_url?: string | null;
            /**
             * Status
             * @description active, needs_reauth or disconnected
             */
            status: string;
            /** Token Expires At */
            token_expires_at: string | null;
        };
        /** AccountPage */
        AccountPage: {
            /** Items */
            items: components["schemas"]["AccountOut"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last one.
             */
            next_cursor: string | null;
        };
        /** AccountPatch */
        AccountPatch: {
            /** Display Name */
            display_name?: string | null;
            /**
             * Status
             * @description `disconnected` pauses publishing to it.
             */
            status?: string | null;
        };
        /**
         * Ambiguity
         * @description Which of the two instants a repeated local hour (the autumn change) means.
         * @enum {string}
         */
        Ambiguity: "earlier" | "later";
        /** ApiKey */
        ApiKey: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expires At */
            expires_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Last Used At
             * @description Updated at most once a minute.
             */
            last_used_at: string | null;
            /** Name */
            name: string;
            /**
             * Prefix
             * @description The key's first characters, to tell keys apart.
             */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Scopes */
            scopes: components["schemas"]["Scope-Output"][];
        };
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /**
             * Expires In Days
             * @description Omit for a key that does not expire.
             */
            expires_in_days?: number | null;
            /**
             * Name
             * @example CI publisher
             */
            name: string;
            /**
             * Scopes
             * @description ["read"] or ["read", "write"].
             * @example [
             *       "read"
             *     ]
             */
            scopes: components["schemas"]["shared__domain__identity__Scope"][];
        };
        /** AttemptOut */
        AttemptOut: {
            /** Attempt No */
            attempt_no: number;
            /** Duration Ms */
            duration_ms: number;
            /**
             * Error
             * @description What went wrong when there was no answer (ReadTimeout, ...).
             */
            error: string | null;
            /** Next Retry At */
            next_retry_at: string | null;
            /**
             * Outcome
             * @description delivered, retry, failed or disabled
             */
            outcome: string;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /**
             * Status Code
             * @description The receiver's HTTP status, when it answered.
             */
            status_code: number | null;
        };
        /** AuditEventOut */
        AuditEventOut: {
            /**
             * Actor Email
             * @description Null for events without an actor or a deleted one.
             */
            actor_email: string | null;
            /** Actor User Id */
            actor_user_id: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /**
             * Event
             * @example member.role_changed
             */
            event: string;
            /** Id */
            id: number;
            /** Ip */
            ip: string;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /** Target Id */
            target_id: string | null;
            /** Target Type */
            target_type: string | null;
            /** Workspace Id */
            workspace_id: string | null;
        };
        /** AuditPageOut */
        AuditPageOut: {
            /** Items */
            items: components["schemas"]["AuditEventOut"][];
            /**
             * Next Before Id
             * @description Pass as `before_id` for older events; null on the last.
             */
            next_before_id: number | null;
        };
        /** AuthorOut */
        AuthorOut: {
            /**
             * Avatar Url
             * @description Changes with every new avatar, so it can be cached.
             */
            avatar_url: string | null;
            /** Name */
            name: string;
        };
        /** BestTimesOut */
        BestTimesOut: {
            /**
             * As Of
             * @description When the newest figure shown was read; null: nothing yet.
             */
            as_of: string | null;
            /** Engagement Rate Definition */
            engagement_rate_definition: string;
            /**
             * Min Posts
             * @description Rated posts a cell needs before it shows a rate (a setting).
             */
            min_posts: number;
            period: components["schemas"]["functions__api__analytics__PeriodOut"];
            /** Platforms */
            platforms: components["schemas"]["PlatformGridOut"][];
            /**
             * Source
             * @description stored: read from what was collected; live: just asked of the platform.
             * @enum {string}
             */
            source: "stored" | "live";
            /** Zone */
            zone: string;
        };
        /** Body_me-upload-avatar */
        "Body_me-upload-avatar": {
            /**
             * File
             * @description PNG, JPEG, WebP or GIF, at most 5 MiB.
             */
            file: string;
        };
        /** Calendar */
        Calendar: {
            /** Days */
            days: components["schemas"]["CalendarDay"][];
            /** Timezone */
            timezone: string;
        };
        /** CalendarDay */
        CalendarDay: {
            /**
             * Date
             * @description YYYY-MM-DD in the requested time zone
             */
            date: string;
            /** Posts */
            posts: components["schemas"]["CalendarPost"][];
        };
        /** CalendarPost */
        CalendarPost: {
            /**
             * Created By
             * @description The post's author.
             */
            created_by?: string | null;
            /** Platforms */
            platforms: string[];
            /**
             * Post Id
             * Format: uuid
             */
            post_id: string;
            /**
             * Scheduled At
             * Format: date-time
             */
            scheduled_at: string;
            /** Series Id */
            series_id?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "draft" | "pending_approval" | "scheduled" | "publishing" | "published" | "partially_published" | "failed" | "cancelled";
            /** Text */
            text: string;
        };
        /**
         * CapabilitiesOut
         * @description Limits checked before a post is accepted. Null means the platform sets no such limit.
         */
        CapabilitiesOut: {
            /** First Comment */
            first_comment: boolean;
            /** Idempotency Keys */
            idempotency_keys: boolean;
            /**
             * Max Aspect Ratio
             * @description Width / height; null: any.
             */
            max_aspect_ratio: number | null;
            /**
             * Max Image Bytes
             * @description Null: no limit.
             */
            max_image_bytes: number | null;
            /** Max Images */
            max_images: number;
            /**
             * Max Media
             * @description Media per post; 0: text only.
             */
            max_media: number;
            /**
             * Max Posts Per Second
             * @description Null: no documented pace.
             */
            max_posts_per_second: number | null;
            /** Max Text Length */
            max_text_length: number;
            /**
             * Max Video Bytes
             * @description Null: no limit.
             */
            max_video_bytes: number | null;
            /**
             * Max Video Seconds
             * @description Null: no limit.
             */
            max_video_seconds: number | null;
            /** Max Videos */
            max_videos: number;
            /**
             * Media Kinds
             * @description image, gif, video; empty: text only.
             */
            media_kinds: string[];
            /**
             * Min Aspect Ratio
             * @description Width / height; null: any.
             */
            min_aspect_ratio: number | null;
            /**
             * Min Video Seconds
             * @description Null: no minimum.
             */
            min_video_seconds: number | null;
            /**
             * Mixed Media
             * @description Images and videos in one post.
             */
            mixed_media: boolean;
            /** Native Scheduling */
            native_scheduling: boolean;
            /** Reconcile */
            reconcile: boolean;
            /** Requires Media */
            requires_media: boolean;
            /**
             * Text Counting
             * @description chars, x_weighted, graphemes, utf16, bytes or threads
             */
            text_counting: string;
            /** Threads */
            threads: boolean;
            /**
             * Title Max Length
             * @description 0: the platform takes no title.
             */
            title_max_length: number;
        };
        /** CellOut */
        CellOut: {
            /**
             * Engagement Rate
             * @description Null below min_posts: not enough data yet.
             */
            engagement_rate: number | null;
            /**
             * Finding
             * @description Whether the cell has enough posts to say anything.
             */
            finding: boolean;
            /**
             * Hour
             * @description 0 to 23, in the workspace's zone.
             */
            hour: number;
            /**
             * Posts
             * @description Posts published in this hour of this weekday in the period.
             */
            posts: number;
            /**
             * Rated Posts
             * @description Of them, those with an engagement rate: what the cell rests on.
             */
            rated_posts: number;
            /**
             * Weekday
             * @description 0 Monday … 6 Sunday.
             */
            weekday: number;
        };
        /** CollectOut */
        CollectOut: {
            /**
             * Accounts Queued
             * @description Pulls queued, spread over up to five minutes.
             */
            accounts_queued: number;
            /**
             * Mode
             * @enum {string}
             */
            mode: "all" | "accounts" | "posts";
            /**
             * Next Allowed At
             * Format: date-time
             * @description When the workspace may ask again.
             */
            next_allowed_at: string;
        };
        /** CompletedOut */
        CompletedOut: {
            /** Animated */
            animated: boolean;
            /**
             * Codec
             * @description Video codec (e.g. h264); videos only.
             */
            codec: string | null;
            /**
             * Content Type
             * @description Found by content, whatever was declared.
             */
            content_type: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Deduplicated
             * @description The same bytes were already in the library: this is that media, and the new upload was discarded.
             */
            deduplicated: boolean;
            /**
             * Duration Ms
             * @description Videos only.
             */
            duration_ms: number | null;
            /** Filename */
            filename: string;
            /** Height */
            height: number | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** @description image, gif (animated GIF) or video. */
            kind: components["schemas"]["MediaKind"];
            /**
             * Poster Url
             * @description WebP frame about one second in; videos only.
             */
            poster_url: string | null;
            /** Sha256 */
            sha256: string;
            /**
             * Size
             * @description Bytes.
             */
            size: number;
            /**
             * Thumbnail Url
             * @description WebP, at most 480px on its longest edge.
             */
            thumbnail_url: string | null;
            /**
             * Url
             * @description Read URL of the original; valid until urls_expire_at.
             */
            url: string;
            /**
             * Urls Expire At
             * Format: date-time
             */
            urls_expire_at: string;
            /** Width */
            width: number | null;
        };
        /** ComponentHealth */
        ComponentHealth: {
            /**
             * Error
             * @description Why the component is down; never contains secrets.
             */
            error?: string | null;
            /**
             * Latency Ms
             * @description Time the probe took, in milliseconds.
             */
            latency_ms: number;
            /**
             * Status
             * @enum {string}
             */
            status: "up" | "down";
        };
        /** ConnectIn */
        ConnectIn: {
            /**
             * Fields
             * @description What the platform's catalog entry asks for: e.g. Bluesky {identifier, app_password}, Telegram {bot_token, channel}, Mastodon {instance}. Empty for most OAuth platforms.
             * @example {
             *       "instance": "mastodon.social"
             *     }
             */
            fields?: {
                [key: string]: string;
            };
        };
        /** ConnectOut */
        ConnectOut: {
            /**
             * Accounts
             * @description Credential platforms: the accounts connected at once.
             */
            accounts?: components["schemas"]["AccountOut"][];
            /**
             * Authorize Url
             * @description OAuth platforms: send the person here; the platform returns them to the web app.
             */
            authorize_url?: string | null;
            /**
             * Expires At
             * @description The authorization must finish before this.
             */
            expires_at?: string | null;
        };
        /** ContactAccepted */
        ContactAccepted: {
            /** Message */
            message: string;
        };
        /** ContactRequest */
        ContactRequest: {
            /**
             * Email
             * Format: email
             * @description Where we answer.
             */
            email: string;
            /** Message */
            message: string;
            /** Name */
            name: string;
            /** Subject */
            subject: string;
        };
        /** CreatedApiKey */
        CreatedApiKey: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expires At */
            expires_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Key
             * @description The whole key. Shown only in this response: store it now.
             */
            key: string;
            /**
             * Last Used At
             * @description Updated at most once a minute.
             */
            last_used_at: string | null;
            /** Name */
            name: string;
            /**
             * Prefix
             * @description The key's first characters, to tell keys apart.
             */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Scopes */
            scopes: components["schemas"]["Scope-Output"][];
        };
        /** CreatedWebhookOut */
        CreatedWebhookOut: {
            /**
             * Active
             * @description Off: no events are written for it; turned off by us on 410 Gone.
             */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Events */
            events: components["schemas"]["WebhookEvent"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Secret
             * @description Signing secret (whsec_...). Shown only in this response: store it now. Verify clickKloudy-Signature with it (see the README).
             */
            secret: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** DayFiguresOut */
        DayFiguresOut: {
            /**
             * Day
             * Format: date
             * @description A day (the workspace's zone): the figures as last read that day.
             */
            day: string;
            /** Figures */
            figures: {
                [key: string]: number | null;
            };
        };
        /** DayOut */
        DayOut: {
            /**
             * Day
             * Format: date
             * @description A day of the period (the workspace's zone).
             */
            day: string;
            /**
             * Engagement Rate
             * @description Of that day's posts, by the one definition.
             */
            engagement_rate: number | null;
            /**
             * Engagements
             * @description Of that day's posts; null: none has an engagement rate.
             */
            engagements: number | null;
            /**
             * Posts
             * @description Posts published that day, one per account (as `posts` counts them).
             */
            posts: number;
            /**
             * Posts By Platform
             * @description The same per platform (platforms with posts).
             */
            posts_by_platform: {
                [key: string]: number;
            };
        };
        /** DeleteAccountRequest */
        DeleteAccountRequest: {
            /**
             * Confirm
             * @description "DELETE", for accounts without a password (Microsoft sign-in only).
             */
            confirm?: string | null;
            /**
             * Password
             * @description Required when the account has a password.
             */
            password?: string | null;
        };
        /** DeliveryOut */
        DeliveryOut: {
            /** Attempt Count */
            attempt_count: number;
            /** Attempts */
            attempts: components["schemas"]["AttemptOut"][];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Delivered At */
            delivered_at: string | null;
            /**
             * Event
             * @description `ping`: a test sent with …/test.
             */
            event: components["schemas"]["WebhookEvent"] | "ping";
            /**
             * Event Id
             * Format: uuid
             * @description The body's `id`: the same for every webhook receiving the event.
             */
            event_id: string;
            /**
             * Id
             * Format: uuid
             * @description Sent as clickKloudy-Delivery.
             */
            id: string;
            /** Last Error */
            last_error: string | null;
            /** Last Status Code */
            last_status_code: number | null;
            /** Next Attempt At */
            next_attempt_at: string | null;
            /**
             * Payload
             * @description The body's `data`.
             */
            payload: {
                [key: string]: unknown;
            };
            /**
             * Status
             * @description pending, delivering, delivered, failed or cancelled
             */
            status: string;
        };
        /** DeliveryPage */
        DeliveryPage: {
            /** Items */
            items: components["schemas"]["DeliveryOut"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /** ErrorDetail */
        ErrorDetail: {
            /**
             * Code
             * @description Stable, machine-readable error code.
             * @example not_found
             */
            code: string;
            /**
             * Details
             * @description Structured extra information, e.g. invalid fields.
             */
            details?: unknown;
            /**
             * Message
             * @description What went wrong, for people.
             */
            message: string;
            /**
             * Request Id
             * @description Quote it when reporting a problem.
             */
            request_id?: string | null;
        };
        /** ErrorResponse */
        ErrorResponse: {
            error: components["schemas"]["ErrorDetail"];
        };
        /** FeedMediaOut */
        FeedMediaOut: {
            /** Content Type */
            content_type: string;
            /** Duration Ms */
            duration_ms: number | null;
            /** Height */
            height: number | null;
            /**
             * Kind
             * @description image, gif or video
             */
            kind: string;
            /**
             * Poster Url
             * @description A video's still image, when one was made.
             */
            poster_url: string | null;
            /**
             * Thumbnail Url
             * @description A small WebP of it, when one was made.
             */
            thumbnail_url: string | null;
            /**
             * Url
             * @description The file, served by the feed (a redirect to a short-lived link).
             */
            url: string;
            /** Width */
            width: number | null;
        };
        /** FeedPage */
        FeedPage: {
            /** Items */
            items: components["schemas"]["FeedPostOut"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last.
             */
            next_cursor: string | null;
        };
        /** FeedPostOut */
        FeedPostOut: {
            /** @description Null once the author's account is deleted. */
            author: components["schemas"]["AuthorOut"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Media
             * @description In the order they were posted.
             */
            media?: components["schemas"]["FeedMediaOut"][];
            /** Text */
            text: string;
            /**
             * Url
             * @description The post's page on the web app (what publishing reported).
             */
            url: string;
            workspace: components["schemas"]["FeedWorkspaceOut"];
        };
        /** FeedWorkspaceOut */
        FeedWorkspaceOut: {
            /** Handle */
            handle: string;
            /** Name */
            name: string;
        };
        /** FieldOut */
        FieldOut: {
            /** Label */
            label: string;
            /** Name */
            name: string;
            /** Required */
            required: boolean;
            /** Secret */
            secret: boolean;
        };
        /** FigureOut */
        FigureOut: {
            /**
             * Change
             * @description value - previous.
             */
            change: number | null;
            /**
             * Change Percent
             * @description The change as a percentage of previous; null if 0.
             */
            change_percent: number | null;
            /**
             * Previous
             * @description The previous period's (same length, just before).
             */
            previous: number | null;
            /**
             * Value
             * @description This period's; null: not available.
             */
            value: number | null;
        };
        /** FollowersOut */
        FollowersOut: {
            /** Accounts */
            accounts: components["schemas"]["AccountGrowthOut"][];
            /**
             * As Of
             * @description When the newest figure shown was read; null: nothing yet.
             */
            as_of: string | null;
            /**
             * By
             * @enum {string}
             */
            by: "day" | "week";
            /**
             * Change
             * @description Gained by the accounts counted at both ends of the period.
             */
            change: number | null;
            /** End */
            end: number | null;
            period: components["schemas"]["functions__api__analytics__PeriodOut"];
            /**
             * Source
             * @description stored: read from what was collected; live: just asked of the platform.
             * @enum {string}
             */
            source: "stored" | "live";
            /**
             * Start
             * @description All accounts in scope at the end of the day before `from`; if none was measured before the period, their first total in it.
             */
            start: number | null;
            /**
             * Total
             * @description All the accounts in scope, summed.
             */
            total: components["schemas"]["PointOut"][];
            /** Zone */
            zone: string;
        };
        /** ForgotRequest */
        ForgotRequest: {
            /**
             * Email
             * Format: email
             */
            email: string;
        };
        /** PeriodOut */
        functions__api__analytics__PeriodOut: {
            /** Days */
            days: number;
            /**
             * From
             * Format: date
             * @description First day, included.
             */
            from: string;
            /**
             * To
             * Format: date
             * @description Last day, included.
             */
            to: string;
        };
        /** PeriodOut */
        functions__api__analytics_reports__PeriodOut: {
            /**
             * From
             * Format: date
             */
            from: string;
            /**
             * To
             * Format: date
             */
            to: string;
        };
        /** HealthReport */
        HealthReport: {
            /** Components */
            components: {
                [key: string]: components["schemas"]["ComponentHealth"];
            };
            /**
             * Down
             * @description Names of the components that are down.
             */
            down: string[];
            scheduler?: components["schemas"]["SchedulerHealth"] | null;
            /**
             * Status
             * @enum {string}
             */
            status: "up" | "down";
        };
        /**
         * ImportMode
         * @enum {string}
         */
        ImportMode: "all_or_nothing" | "best_effort";
        /** ImportOut */
        ImportOut: {
            /** Created */
            created: number;
            /** Dry Run */
            dry_run: boolean;
            /**
             * Errors
             * @description Rows with status error.
             */
            errors: number;
            mode: components["schemas"]["ImportMode"];
            /** Rows */
            rows: components["schemas"]["RowOut"][];
            /**
             * Skipped
             * @description Rows with status skipped: occurrences their series' rule makes.
             */
            skipped: number;
        };
        /** InvitationCreate */
        InvitationCreate: {
            /**
             * Email
             * Format: email
             */
            email: string;
            /** @description Owners grant admin and below; admins grant editor and below. */
            role: components["schemas"]["Role"];
        };
        /** InvitationPage */
        InvitationPage: {
            /** Items */
            items: components["schemas"]["InvitationPublic"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /** InvitationPublic */
        InvitationPublic: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Invited By */
            invited_by: string | null;
            role: components["schemas"]["Role"];
        };
        /** InvitationView */
        InvitationView: {
            /**
             * Email
             * @description The invited address: sign up or sign in with this one to accept.
             */
            email: string;
            /**
             * Expires At
             * Format: date-time
             * @description Accept before this.
             */
            expires_at: string;
            /**
             * Inviter Name
             * @description Who invited you; null if their account is gone.
             */
            inviter_name: string | null;
            /** @description The role you get by accepting. */
            role: components["schemas"]["Role"];
            /** Workspace Name */
            workspace_name: string;
        };
        /** LiveErrorOut */
        LiveErrorOut: {
            /**
             * Code
             * @description rate_limited, platform_unavailable, token_expired, needs_reauth, busy, not_available, too_many_accounts, or another platform error code
             */
            code: string;
            /** Message */
            message: string;
            /**
             * Retry At
             * @description The platform is not asked again before this.
             */
            retry_at: string | null;
        };
        /**
         * Liveness
         * @description For probes that must not fail when a dependency does (restart loops help nobody).
         */
        Liveness: {
            /**
             * Status
             * @constant
             */
            status: "up";
        };
        /** LoginRequest */
        LoginRequest: {
            /**
             * Email
             * Format: email
             */
            email: string;
            /** Password */
            password: string;
        };
        /** Me */
        Me: {
            /**
             * Avatar Url
             * @description Changes with every new avatar, so it can be cached.
             */
            avatar_url: string | null;
            /** Bio */
            bio: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Email Verified */
            email_verified: boolean;
            /**
             * Has Password
             * @description False for accounts that sign in only with Microsoft.
             */
            has_password: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Platform Admin */
            is_platform_admin: boolean;
            /**
             * Locale
             * @enum {string}
             */
            locale: "en" | "ar";
            /** Name */
            name: string;
            /**
             * Timezone
             * @description IANA time zone, e.g. Europe/Paris.
             */
            timezone: string;
        };
        /**
         * MediaKind
         * @description How the library and the platforms treat a file: an animated GIF is neither image nor video.
         * @enum {string}
         */
        MediaKind: "image" | "gif" | "video";
        /** MediaOut */
        MediaOut: {
            /** Animated */
            animated: boolean;
            /**
             * Codec
             * @description Video codec (e.g. h264); videos only.
             */
            codec: string | null;
            /**
             * Content Type
             * @description Found by content, whatever was declared.
             */
            content_type: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Duration Ms
             * @description Videos only.
             */
            duration_ms: number | null;
            /** Filename */
            filename: string;
            /** Height */
            height: number | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** @description image, gif (animated GIF) or video. */
            kind: components["schemas"]["MediaKind"];
            /**
             * Poster Url
             * @description WebP frame about one second in; videos only.
             */
            poster_url: string | null;
            /** Sha256 */
            sha256: string;
            /**
             * Size
             * @description Bytes.
             */
            size: number;
            /**
             * Thumbnail Url
             * @description WebP, at most 480px on its longest edge.
             */
            thumbnail_url: string | null;
            /**
             * Url
             * @description Read URL of the original; valid until urls_expire_at.
             */
            url: string;
            /**
             * Urls Expire At
             * Format: date-time
             */
            urls_expire_at: string;
            /** Width */
            width: number | null;
        };
        /** MediaPage */
        MediaPage: {
            /** Items */
            items: components["schemas"]["MediaOut"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last.
             */
            next_cursor: string | null;
        };
        /** MemberPage */
        MemberPage: {
            /** Items */
            items: components["schemas"]["MemberPublic"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /** MemberPublic */
        MemberPublic: {
            /** Email */
            email: string;
            /**
             * Joined At
             * Format: date-time
             */
            joined_at: string;
            /** Name */
            name: string;
            role: components["schemas"]["Role"];
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /** Message */
        Message: {
            /** Message */
            message: string;
        };
        /** MetricsOut */
        MetricsOut: {
            /** Followers */
            followers: number | null;
            /** Metrics */
            metrics: {
                [key: string]: number;
            };
        };
        /** MetricTotalOut */
        MetricTotalOut: {
            /**
             * Change
             * @description value - previous.
             */
            change: number | null;
            /**
             * Change Percent
             * @description The change as a percentage of previous; null if 0.
             */
            change_percent: number | null;
            /** Metric */
            metric: string;
            /**
             * Platforms
             * @description The platforms in scope that report this metric (summed).
             */
            platforms: string[];
            /**
             * Previous
             * @description The previous period's (same length, just before).
             */
            previous: number | null;
            /**
             * Value
             * @description This period's; null: not available.
             */
            value: number | null;
        };
        /** MicrosoftSignInStatus */
        MicrosoftSignInStatus: {
            /**
             * Enabled
             * @description Whether this deployment offers Sign in with Microsoft.
             */
            enabled: boolean;
        };
        /**
         * MissedPostPolicy
         * @description What the publisher does with a post whose time passed while it could not run.
         * @enum {string}
         */
        MissedPostPolicy: "publish_late" | "fail";
        /**
         * OptionOut
         * @description One per-account post option (the target's `options[name]`), for a form.
         */
        OptionOut: {
            /**
             * Choices
             * @description For kind choice: the values the platform accepts.
             */
            choices: string[];
            /**
             * Default
             * @description What the platform uses when the option is left out.
             */
            default: string | boolean | null;
            /** Help */
            help: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "text" | "url" | "choice" | "boolean" | "tags";
            /** Label */
            label: string;
            /**
             * Max Length
             * @description For text, url and tags; null: no limit of ours.
             */
            max_length: number | null;
            /** Name */
            name: string;
            /** Required */
            required: boolean;
        };
        /** PasswordChange */
        PasswordChange: {
            /** Current Password */
            current_password: string;
            /** New Password */
            new_password: string;
        };
        /** PlatformGridOut */
        PlatformGridOut: {
            /**
             * Best
             * @description Up to three cells with the highest rate among the findings.
             */
            best: components["schemas"]["CellOut"][];
            /**
             * Cells
             * @description All 168 cells, Monday 00:00 first.
             */
            cells: components["schemas"]["CellOut"][];
            /**
             * Enough Data
             * @description False: no cell has min_posts yet (not enough data yet).
             */
            enough_data: boolean;
            /** Platform */
            platform: string;
            /** Posts */
            posts: number;
        };
        /** PlatformOut */
        PlatformOut: {
            /**
             * Analytics
             * @description Metric names read for posts and for accounts.
             */
            analytics: {
                [key: string]: string[];
            };
            /**
             * Auth
             * @description oauth2, credentials or none
             */
            auth: string;
            capabilities: components["schemas"]["CapabilitiesOut"];
            /**
             * Enabled
             * @description Whether this deployment can connect it (OAuth apps need their settings).
             */
            enabled: boolean;
            /**
             * Fields
             * @description What a person types to connect (credential platforms, Mastodon).
             */
            fields: components["schemas"]["FieldOut"][];
            /** @description The platform's metrics in the shared vocabulary. */
            metrics: components["schemas"]["VocabularyOut"];
            /** Name */
            name: string;
            /**
             * Options
             * @description What a post may set per account here (title, privacy...).
             */
            options?: components["schemas"]["OptionOut"][];
            /** Platform */
            platform: string;
            /**
             * Why Disabled
             * @description For the operator: what this deployment lacks (e.g. the setting to set).
             */
            why_disabled: string | null;
        };
        /** PlatformSummaryOut */
        PlatformSummaryOut: {
            /** Engagement Rate */
            engagement_rate: number | null;
            /** Engagements */
            engagements: number | null;
            /**
             * Figures
             * @description Every shared post metric; null: not available.
             */
            figures: {
                [key: string]: number | null;
            };
            /**
             * Followers
             * @description At the end of the period.
             */
            followers: number | null;
            /** Platform */
            platform: string;
            /** Posts */
            posts: number;
        };
        /** PointOut */
        PointOut: {
            /**
             * Change
             * @description Since the bucket before (the first: since the day before `from`).
             */
            change: number | null;
            /**
             * Day
             * Format: date
             * @description The bucket's first day (a week starts on Monday or on `from`).
             */
            day: string;
            /**
             * Followers
             * @description At the end of the bucket; null: not known yet.
             */
            followers: number | null;
        };
        /** PostHistoryOut */
        PostHistoryOut: {
            /**
             * Post Id
             * Format: uuid
             */
            post_id: string;
            /** Targets */
            targets: components["schemas"]["TargetHistoryOut"][];
            /** Zone */
            zone: string;
        };
        /** PostIn */
        PostIn: {
            /** @description For a local time that happens twice (the autumn change): which one is meant. */
            ambiguous?: components["schemas"]["Ambiguity"] | null;
            /**
             * Draft
             * @default false
             */
            draft?: boolean;
            /** Media Ids */
            media_ids?: string[];
            /**
             * Publish Now
             * @default false
             */
            publish_now?: boolean;
            /**
             * Recurrence
             * @description RFC 5545 RRULE repeating from scheduled_at, in `timezone` (DST keeps the local time).
             * @example FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10
             */
            recurrence?: string | null;
            /**
             * Scheduled At
             * @description ISO 8601 with offset, or a local time read in `timezone` (the workspace's zone when left out). It must be ahead of now; use publish_now to send at once.
             */
            scheduled_at?: string | null;
            /** Targets */
            targets: components["schemas"]["TargetIn"][];
            /**
             * Text
             * @default
             */
            text?: string;
            /**
             * Timezone
             * @description IANA zone of the post; with an offset in scheduled_at, the two must agree.
             */
            timezone?: string | null;
        };
        /** PostMetricsOut */
        PostMetricsOut: {
            /**
             * Post Id
             * Format: uuid
             */
            post_id: string;
            /** Targets */
            targets: components["schemas"]["TargetMetricsOut"][];
        };
        /** PostOut */
        PostOut: {
            /** Approved At */
            approved_at?: string | null;
            /**
             * Approved By
             * @description Who released it for publishing, if anyone did.
             */
            approved_by?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Media */
            media?: string[];
            /**
             * Recurrence
             * @description The series' rule.
             */
            recurrence?: string | null;
            /** @description The latest review step; a rejection keeps the reviewer's comment here. */
            review?: components["schemas"]["ReviewOut"] | null;
            /** Scheduled At */
            scheduled_at: string | null;
            /**
             * Series Id
             * @description The series this occurrence belongs to, if it repeats.
             */
            series_id?: string | null;
            /**
             * Status
             * @description Derived from the targets' states; partially_published when some published and some failed.
             * @enum {string}
             */
            status: "draft" | "pending_approval" | "scheduled" | "publishing" | "published" | "partially_published" | "failed" | "cancelled";
            /** Targets */
            targets: components["schemas"]["TargetOut"][];
            /** Text */
            text: string;
            /** Timezone */
            timezone: string;
            /** Updated At */
            updated_at?: string | null;
        };
        /** PostPage */
        PostPage: {
            /** Items */
            items: components["schemas"]["PostOut"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /** PostPatch */
        PostPatch: {
            ambiguous?: components["schemas"]["Ambiguity"] | null;
            /**
             * Media Ids
             * @description The post's media, replaced.
             */
            media_ids?: string[] | null;
            /**
             * Recurrence
             * @description A new rule for the series (scope `following` or `all`).
             */
            recurrence?: string | null;
            /**
             * Scheduled At
             * @description A local time is read in the post's zone.
             */
            scheduled_at?: string | null;
            /**
             * Targets
             * @description The post's accounts, replaced (with their own text, media and options).
             */
            targets?: components["schemas"]["TargetIn"][] | null;
            /** Text */
            text?: string | null;
            /** Timezone */
            timezone?: string | null;
        };
        /**
         * PostSummary
         * @description How many posts are in each status (a dashboard's counts, without listing them).
         */
        PostSummary: {
            /** Cancelled */
            cancelled: number;
            /** Draft */
            draft: number;
            /** Failed */
            failed: number;
            /** Partially Published */
            partially_published: number;
            /** Pending Approval */
            pending_approval: number;
            /** Published */
            published: number;
            /** Publishing */
            publishing: number;
            /** Scheduled */
            scheduled: number;
            /** Total */
            total: number;
        };
        /** PreviewOut */
        PreviewOut: {
            /**
             * Occurrences
             * @description For a repeating post: its first instants (the first one included), by the saved rule.
             */
            occurrences?: string[];
            /**
             * Ok
             * @description Whether saving this post would succeed now.
             */
            ok: boolean;
            /**
             * Problems
             * @description The post's own problems: its time, recurrence, shape, media.
             */
            problems: components["schemas"]["Problem"][];
            /**
             * Scheduled At
             * @description The instant the time resolves to, when it does.
             */
            scheduled_at?: string | null;
            /** Targets */
            targets: components["schemas"]["TargetPreviewOut"][];
            /** Timezone */
            timezone: string;
        };
        /** Problem */
        Problem: {
            /** Code */
            code: string;
            /** Details */
            details?: unknown;
            /** Message */
            message: string;
        };
        /** ProfileOut */
        ProfileOut: {
            /** Handle */
            handle: string;
            /** Items */
            items: components["schemas"]["FeedPostOut"][];
            /** Name */
            name: string;
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last.
             */
            next_cursor: string | null;
        };
        /**
         * ProfileUpdate
         * @description Only the fields sent change; null means unchanged.
         */
        ProfileUpdate: {
            /** Bio */
            bio?: string | null;
            /** Locale */
            locale?: ("en" | "ar") | null;
            /** Name */
            name?: string | null;
            /**
             * Timezone
             * @example Europe/Paris
             */
            timezone?: string | null;
        };
        /** RankedPostOut */
        RankedPostOut: {
            /** Account Id */
            account_id: string;
            /**
             * As Of
             * @description When the newest figure shown was read; null: nothing yet.
             */
            as_of: string | null;
            /** Engagement Rate */
            engagement_rate: number | null;
            /** Engagements */
            engagements: number | null;
            /**
             * Figures
             * @description Every shared post metric; null: not available.
             */
            figures: {
                [key: string]: number | null;
            };
            /** Handle */
            handle: string | null;
            /** Platform */
            platform: string;
            /** Post Id */
            post_id: string;
            /**
             * Published At
             * Format: date-time
             */
            published_at: string;
            /** Rank */
            rank: number;
            /**
             * Source
             * @description stored: read from what was collected; live: just asked of the platform.
             * @enum {string}
             */
            source: "stored" | "live";
            /** Target Id */
            target_id: string;
            /** Text */
            text: string;
        };
        /** RankingOut */
        RankingOut: {
            /**
             * As Of
             * @description When the newest figure shown was read; null: nothing yet.
             */
            as_of: string | null;
            /** Items */
            items: components["schemas"]["RankedPostOut"][];
            /**
             * Metric
             * @enum {string}
             */
            metric: "impressions" | "reach" | "views" | "reactions" | "comments" | "shares" | "saves" | "clicks" | "engagements" | "engagement_rate";
            /**
             * Not Reported By
             * @description Platforms in scope that do not report the metric: their posts are left out, not ranked as 0.
             */
            not_reported_by: string[];
            /**
             * Order
             * @enum {string}
             */
            order: "top" | "bottom";
            period: components["schemas"]["functions__api__analytics__PeriodOut"];
            /**
             * Source
             * @description stored: read from what was collected; live: just asked of the platform.
             * @enum {string}
             */
            source: "stored" | "live";
            /** Zone */
            zone: string;
        };
        /** RecipientOut */
        RecipientOut: {
            /** Email */
            email: string;
            /**
             * Member
             * @description False: has left the workspace since; not sent the report.
             */
            member: boolean;
            /** Name */
            name: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /** RefreshRequest */
        RefreshRequest: {
            /**
             * Refresh Token
             * @description Omit to use the refresh cookie (SPA).
             */
            refresh_token?: string | null;
        };
        /** RegisteredUser */
        RegisteredUser: {
            /** Email */
            email: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Message */
            message: string;
        };
        /** RegisterRequest */
        RegisterRequest: {
            /**
             * Email
             * Format: email
             */
            email: string;
            /** Name */
            name: string;
            /** Password */
            password: string;
        };
        /** ResetRequest */
        ResetRequest: {
            /** Password */
            password: string;
            /** Token */
            token: string;
        };
        /** ReviewEntryOut */
        ReviewEntryOut: {
            /**
             * Action
             * @enum {string}
             */
            action: "submitted" | "approved" | "rejected" | "reopened";
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** By */
            by: string | null;
            /** By Name */
            by_name: string | null;
            /** Comment */
            comment: string | null;
        };
        /** ReviewIn */
        ReviewIn: {
            /**
             * Comment
             * @description Shown to the author with the decision.
             * @default
             */
            comment?: string;
        };
        /** ReviewOut */
        ReviewOut: {
            /**
             * Action
             * @enum {string}
             */
            action: "submitted" | "approved" | "rejected" | "reopened";
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** By */
            by: string | null;
            /** By Name */
            by_name: string | null;
            /** Comment */
            comment: string | null;
        };
        /**
         * Role
         * @enum {string}
         */
        Role: "owner" | "admin" | "editor" | "contributor" | "viewer";
        /** RoleChange */
        RoleChange: {
            role: components["schemas"]["Role"];
        };
        /** RotatedSecretOut */
        RotatedSecretOut: {
            /**
             * Active
             * @description Off: no events are written for it; turned off by us on 410 Gone.
             */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Events */
            events: components["schemas"]["WebhookEvent"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Previous Secret Valid Until
             * @description Until then deliveries carry a second v1 signature made with the replaced secret (WEBHOOK_SECRET_ROTATION_HOURS after the rotation); null when the window is 0.
             */
            previous_secret_valid_until: string | null;
            /**
             * Secret
             * @description The new signing secret (whsec_...). Shown only in this response: store it now.
             */
            secret: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** RowErrorOut */
        RowErrorOut: {
            /**
             * Code
             * @description One of: too_many_cells, status_not_importable, media_url_not_supported, invalid_datetime, invalid_account_ref, accounts_required, account_ambiguous, invalid_media_id, invalid_account_texts, invalid_account_media_ids, invalid_account_options, series_mismatch, schedule_required, scheduled_in_past, scheduled_too_far, nonexistent_local_time, ambiguous_local_time, timezone_mismatch, timezone_required, invalid_timezone, invalid_recurrence, recurrence_needs_start, invalid_target_count, duplicate_target, account_not_found, account_needs_reauth, platform_unavailable, unknown_platform, text_too_long, empty_post, too_many_media, media_kind_not_supported, media_too_large, video_too_long, media_not_found, series_not_created, not_created, not_saved.
             * @example text_too_long
             */
            code: string;
            /**
             * Field
             * @description The column to fix, when one is to blame.
             */
            field?: string | null;
            /** Message */
            message: string;
        };
        /** RowOut */
        RowOut: {
            /** Errors */
            errors?: components["schemas"]["RowErrorOut"][];
            /**
             * Message
             * @description Why a row was skipped: which series it is an occurrence of, which row makes that series, and what of this row (text, media, accounts, time) is not imported when it differs.
             */
            message?: string | null;
            /** Post Id */
            post_id?: string | null;
            /**
             * Post Status
             * @description The created post's status: scheduled, draft, or pending_approval.
             */
            post_status?: string | null;
            /**
             * Row
             * @description Row number as a spreadsheet shows it (the header is row 1).
             */
            row: number;
            /**
             * Status
             * @description created; valid (checked, not created: dry_run, or another row failed in all_or_nothing); skipped (an occurrence of a series another row creates: its rule makes it); error.
             * @enum {string}
             */
            status: "created" | "valid" | "skipped" | "error";
        };
        /** SandboxConnect */
        SandboxConnect: {
            /**
             * Handle
             * @example demo.brand
             */
            handle: string;
        };
        /** ScheduleIn */
        ScheduleIn: {
            /**
             * Account Ids
             * @description Only these accounts; empty: all.
             */
            account_ids?: string[];
            /**
             * Day Of Month
             * @description Monthly: 1 to 28.
             */
            day_of_month?: number | null;
            /**
             * Frequency
             * @description weekly: the 7 days before the day it is sent; monthly: the calendar month before.
             * @enum {string}
             */
            frequency: "weekly" | "monthly";
            /**
             * Hour
             * @description The hour it is sent at, in the workspace's zone.
             */
            hour: number;
            /**
             * Language
             * @description Of the PDF and the email.
             * @default en
             * @enum {string}
             */
            language?: "en" | "ar";
            /**
             * Name
             * @default Analytics report
             */
            name?: string;
            /**
             * Platforms
             * @description Only these platforms; empty: all.
             */
            platforms?: string[];
            /**
             * Recipients
             * @description User ids of members of the workspace.
             */
            recipients: string[];
            /**
             * Weekday
             * @description Weekly: 0 Monday … 6 Sunday.
             */
            weekday?: number | null;
        };
        /** ScheduleOut */
        ScheduleOut: {
            /** Account Ids */
            account_ids: string[];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string | null;
            /** Day Of Month */
            day_of_month: number | null;
            /**
             * Frequency
             * @enum {string}
             */
            frequency: "weekly" | "monthly";
            /** Hour */
            hour: number;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Language
             * @enum {string}
             */
            language: "en" | "ar";
            /** Name */
            name: string;
            /** @description The days it will cover. */
            next_period: components["schemas"]["functions__api__analytics_reports__PeriodOut"];
            /**
             * Next Send At
             * Format: date-time
             * @description When the next report goes out.
             */
            next_send_at: string;
            /** Platforms */
            platforms: string[];
            /** Recipients */
            recipients: components["schemas"]["RecipientOut"][];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Weekday */
            weekday: number | null;
            /**
             * Zone
             * @description The workspace's zone, which `hour` is in.
             */
            zone: string;
        };
        /**
         * SchedulerHealth
         * @description When timers last fired: a stopped scheduler is invisible otherwise.
         */
        SchedulerHealth: {
            /** Age Seconds */
            age_seconds: number | null;
            /** Last Heartbeat At */
            last_heartbeat_at: string | null;
        };
        /**
         * ScheduleUpdate
         * @description Only the fields given change. Switching `frequency` drops the other frequency's day.
         */
        ScheduleUpdate: {
            /** Account Ids */
            account_ids?: string[] | null;
            /** Day Of Month */
            day_of_month?: number | null;
            /** Frequency */
            frequency?: ("weekly" | "monthly") | null;
            /** Hour */
            hour?: number | null;
            /** Language */
            language?: ("en" | "ar") | null;
            /** Name */
            name?: string | null;
            /** Platforms */
            platforms?: string[] | null;
            /** Recipients */
            recipients?: string[] | null;
            /** Weekday */
            weekday?: number | null;
        };
        /**
         * Scope
         * @enum {string}
         */
        "Scope-Output": "read" | "write";
        /** SeriesOut */
        SeriesOut: {
            /**
             * Ends Before
             * @description Occurrences from here on belong to the series that followed it.
             */
            ends_before?: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Next Occurrences
             * @description The next instants the rule gives, created yet or not.
             */
            next_occurrences: string[];
            /**
             * Occurrences
             * @description Occurrences created so far (list them with posts?series_id=).
             */
            occurrences: number;
            /** Previous Series Id */
            previous_series_id?: string | null;
            /** Published */
            published: number;
            /**
             * Rule
             * @description RFC 5545 RRULE; null once a series was stopped before rules were kept.
             */
            rule: string | null;
            /**
             * Starts At
             * Format: date-time
             * @description The first occurrence (the rule's DTSTART).
             */
            starts_at: string;
            /**
             * Status
             * @enum {string}
             */
            status: "active" | "ended";
            /**
             * Template Post Id
             * @description The occurrence new ones copy their content from.
             */
            template_post_id?: string | null;
            /** Timezone */
            timezone: string;
        };
        /** SessionInfo */
        SessionInfo: {
            /** Authenticated */
            authenticated: boolean;
            /**
             * Is Platform Admin
             * @default false
             */
            is_platform_admin?: boolean;
            /**
             * Method
             * @description bearer, cookie or api_key
             */
            method?: string | null;
            /** User Id */
            user_id?: string | null;
        };
        /**
         * Scope
         * @enum {string}
         */
        shared__domain__identity__Scope: "read" | "write";
        /**
         * Scope
         * @description How much of a series an edit or a cancellation reaches.
         * @enum {string}
         */
        shared__services__post_changes__Scope: "this" | "following" | "all";
        /** SnapshotOut */
        SnapshotOut: {
            /**
             * Fetched At
             * Format: date-time
             */
            fetched_at: string;
            /**
             * Figures
             * @description The shared account metrics the snapshot has.
             */
            figures: {
                [key: string]: number;
            };
            /** Followers */
            followers: number | null;
            /** Metrics */
            metrics: {
                [key: string]: number;
            };
            /**
             * Source
             * @enum {string}
             */
            source: "stored" | "live";
        };
        /** SubmitIn */
        SubmitIn: {
            ambiguous?: components["schemas"]["Ambiguity"] | null;
            /**
             * Publish Now
             * @default false
             */
            publish_now?: boolean;
            /**
             * Scheduled At
             * @description A new time; the draft's own when left out.
             */
            scheduled_at?: string | null;
            /** Timezone */
            timezone?: string | null;
        };
        /** SummaryOut */
        SummaryOut: {
            /**
             * As Of
             * @description When the newest figure shown was read; null: nothing yet.
             */
            as_of: string | null;
            /**
             * Days
             * @description Every day of the period in order: the posts published that day, with their latest figures (a day's posts and engagement, for charts).
             */
            days: components["schemas"]["DayOut"][];
            /** @description A fraction (0.05 is 5 %). Engagement rate = (reactions + comments + shares + saves) / impressions. A platform that reports no impressions is divided by its reach, and one that reports neither by its video views; engagement figures a platform does not report add nothing. A platform that reports none of the four engagement figures, or none of the three audience figures, has no engagement rate (null). Over several posts or platforms it is the sum of their engagements over the sum of their audience figures (each platform's by the same rule), never an average of rates. Clicks are not engagement. */
            engagement_rate: components["schemas"]["FigureOut"];
            /** Engagement Rate Definition */
            engagement_rate_definition: string;
            engagements: components["schemas"]["FigureOut"];
            /** @description Followers at the end of the period and of the previous one. */
            followers: components["schemas"]["FigureOut"];
            /** @description Followers gained during each period by the accounts counted at both its ends (like with like: an account connected during a period adds to `followers`, not to what was gained). */
            followers_gained: components["schemas"]["FigureOut"];
            /**
             * Metrics
             * @description Per shared post metric, the posts published in the period with their latest figures, summed over the platforms that report it (null when none does).
             */
            metrics: components["schemas"]["MetricTotalOut"][];
            period: components["schemas"]["functions__api__analytics__PeriodOut"];
            /** Platforms */
            platforms: components["schemas"]["PlatformSummaryOut"][];
            /** @description Posts published, one per account, on the platforms that report post figures (those whose figures were collected). */
            posts: components["schemas"]["FigureOut"];
            previous_period: components["schemas"]["functions__api__analytics__PeriodOut"];
            /**
             * Source
             * @description stored: read from what was collected; live: just asked of the platform.
             * @enum {string}
             */
            source: "stored" | "live";
            /**
             * Zone
             * @description The workspace's time zone: the days above are its days.
             */
            zone: string;
        };
        /** TargetError */
        TargetError: {
            /** Code */
            code: string;
            /** Message */
            message: string;
        };
        /** TargetHistoryOut */
        TargetHistoryOut: {
            /** Account Id */
            account_id: string;
            /** As Of */
            as_of: string | null;
            /** Handle */
            handle: string;
            /** Platform */
            platform: string;
            /** Points */
            points: components["schemas"]["DayFiguresOut"][];
            /** Published At */
            published_at: string | null;
            /**
             * Source
             * @description Of the latest figures; null: nothing collected yet.
             */
            source: ("stored" | "live") | null;
            /** Target Id */
            target_id: string;
        };
        /** TargetIn */
        TargetIn: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /**
             * Media Ids
             * @description Replaces the post's media for this account ([] for none).
             */
            media_ids?: string[] | null;
            /**
             * Options
             * @description Platform options (title, privacy, ...).
             */
            options?: {
                [key: string]: unknown;
            };
            /**
             * Text
             * @description Replaces the post's text for this account.
             */
            text?: string | null;
        };
        /** TargetMetricsOut */
        TargetMetricsOut: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /** Age Seconds */
            age_seconds: number | null;
            /** Engagement Rate */
            engagement_rate: number | null;
            /** Engagements */
            engagements: number | null;
            /** External Id */
            external_id: string | null;
            /**
             * Fetched At
             * @description As of when (null: nothing collected yet).
             */
            fetched_at: string | null;
            /**
             * Figures
             * @description The same in the shared vocabulary, every shared post metric (null: not available).
             */
            figures: {
                [key: string]: number | null;
            } | null;
            /** Handle */
            handle: string;
            /** @description With live=true: why the stored figures are shown instead of live ones. */
            live_error: components["schemas"]["LiveErrorOut"] | null;
            /**
             * Metrics
             * @description The latest figures under the platform's own names (see the catalog); null until the first collection after publishing.
             */
            metrics: {
                [key: string]: number;
            } | null;
            /** Platform */
            platform: string;
            /**
             * Source
             * @description stored or live; null: nothing collected yet.
             */
            source: ("stored" | "live") | null;
            /**
             * Target Id
             * Format: uuid
             */
            target_id: string;
        };
        /** TargetOut */
        TargetOut: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /** Attempts */
            attempts: number;
            error: components["schemas"]["TargetError"] | null;
            /** External Id */
            external_id: string | null;
            /** External Url */
            external_url: string | null;
            /** Handle */
            handle: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Media Ids
             * @description This account's own media, when they differ.
             */
            media_ids?: string[] | null;
            /**
             * Next Attempt At
             * @description When a waiting retry is due (retry_wait).
             */
            next_attempt_at?: string | null;
            /** Options */
            options?: {
                [key: string]: unknown;
            };
            /** Platform */
            platform: string;
            /** Published At */
            published_at: string | null;
            /** Scheduled At */
            scheduled_at: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "draft" | "pending_approval" | "scheduled" | "queued" | "publishing" | "processing" | "published" | "retry_wait" | "failed" | "unconfirmed" | "cancelled";
            /**
             * Text
             * @description This account's own text, when it differs from the post's.
             */
            text?: string | null;
        };
        /** TargetPreviewOut */
        TargetPreviewOut: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /** Handle */
            handle: string;
            /**
             * Length
             * @description Characters, counted as the platform counts them.
             */
            length: number;
            /** Max Length */
            max_length: number;
            /** Media Count */
            media_count: number;
            /** Platform */
            platform: string;
            /**
             * Problems
             * @description Empty when this account can take the post.
             */
            problems: components["schemas"]["TargetError"][];
            /**
             * Text
             * @description What this account would receive.
             */
            text: string;
        };
        /** TokenRequest */
        TokenRequest: {
            /** Token */
            token: string;
        };
        /** TokenResponse */
        TokenResponse: {
            /** Access Token */
            access_token: string;
            /**
             * Expires In
             * @description Seconds until the access token expires.
             */
            expires_in: number;
            /** Refresh Token */
            refresh_token: string;
            /**
             * Token Type
             * @default bearer
             * @constant
             */
            token_type?: "bearer";
        };
        /** TransferRequest */
        TransferRequest: {
            /**
             * User Id
             * Format: uuid
             * @description A member of the workspace, who becomes its owner.
             */
            user_id: string;
        };
        /** TransferResult */
        TransferResult: {
            /**
             * Owner Id
             * Format: uuid
             */
            owner_id: string;
            /**
             * Previous Owner Id
             * Format: uuid
             */
            previous_owner_id: string;
            previous_owner_role: components["schemas"]["Role"];
        };
        /** UploadRequest */
        UploadRequest: {
            /**
             * Content Type
             * @example image/gif
             * @example image/jpeg
             * @example image/png
             * @example image/webp
             * @example video/mp4
             * @example video/quicktime
             */
            content_type: string;
            /**
             * Filename
             * @description Shown in the library; any path is dropped.
             */
            filename: string;
            /**
             * Size
             * @description Exact size in bytes; the upload must match it.
             */
            size: number;
        };
        /** UploadTicketOut */
        UploadTicketOut: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Headers
             * @description Send exactly these headers with the PUT.
             */
            headers: {
                [key: string]: string;
            };
            /**
             * Media Id
             * Format: uuid
             */
            media_id: string;
            /**
             * Method
             * @default PUT
             */
            method?: string;
            /**
             * Upload Url
             * @description PUT the file's bytes here, once, before expires_at.
             */
            upload_url: string;
        };
        /** User */
        User: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled */
            disabled: boolean;
            /** Disabled At */
            disabled_at: string | null;
            /** Email */
            email: string;
            /** Email Verified */
            email_verified: boolean;
            /** Has Password */
            has_password: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Platform Admin */
            is_platform_admin: boolean;
            /** Name */
            name: string;
        };
        /** UserPage */
        UserPage: {
            /** Items */
            items: components["schemas"]["User"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last one.
             */
            next_cursor: string | null;
        };
        /**
         * UserUpdate
         * @description Only the fields sent change; null means unchanged.
         */
        UserUpdate: {
            /**
             * Disabled
             * @description true ends every session and refuses sign-in.
             */
            disabled?: boolean | null;
            /**
             * Email
             * @description A new address is unverified and gets a verification email.
             */
            email?: string | null;
            /** Is Platform Admin */
            is_platform_admin?: boolean | null;
            /** Name */
            name?: string | null;
        };
        /**
         * VocabularyOut
         * @description How the platform's own metric names make up the shared metrics.
         */
        VocabularyOut: {
            /**
             * Account
             * @description Shared account metric (followers, impressions, reach, views) → the platform's names.
             */
            account: {
                [key: string]: string[];
            };
            /**
             * Engagement Audience
             * @description What engagement is divided by here: impressions, else reach, else views; null: no engagement rate on this platform. Engagement rate = (reactions + comments + shares + saves) / impressions. A platform that reports no impressions is divided by its reach, and one that reports neither by its video views; engagement figures a platform does not report add nothing. A platform that reports none of the four engagement figures, or none of the three audience figures, has no engagement rate (null). Over several posts or platforms it is the sum of their engagements over the sum of their audience figures (each platform's by the same rule), never an average of rates. Clicks are not engagement.
             */
            engagement_audience: string | null;
            /**
             * Not Available
             * @description Shared post metrics this platform does not report.
             */
            not_available: string[];
            /**
             * Post
             * @description Shared post metric (impressions, reach, views, reactions, comments, shares, saves, clicks) → the platform's metric names summed into it. A shared metric missing here is not available on this platform: analytics show it as null, never 0.
             */
            post: {
                [key: string]: string[];
            };
        };
        /** WebhookCreate */
        WebhookCreate: {
            /** Events */
            events: components["schemas"]["WebhookEvent"][];
            /**
             * Url
             * @description A public https URL (http://127.0.0.1 or localhost only in development, for the host:port pairs EGRESS_ALLOW_HOSTS lets through). A delivery fails with `host_not_allowed` when, at sending time, the name points to a private or reserved address.
             * @example https://example.com/hooks/clickkloudy
             */
            url: string;
        };
        /**
         * WebhookEvent
         * @enum {string}
         */
        WebhookEvent: "post.published" | "post.failed" | "post.pending_approval" | "account.needs_reauth";
        /** WebhookOut */
        WebhookOut: {
            /**
             * Active
             * @description Off: no events are written for it; turned off by us on 410 Gone.
             */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Events */
            events: components["schemas"]["WebhookEvent"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** WebhookUpdate */
        WebhookUpdate: {
            /**
             * Active
             * @description true turns it on again, e.g. after a 410 turned it off.
             */
            active?: boolean | null;
            /** Events */
            events?: components["schemas"]["WebhookEvent"][] | null;
        };
        /** WorkspaceCreate */
        WorkspaceCreate: {
            /**
             * Approval Required
             * @description Contributors' posts need an editor's approval.
             * @default true
             */
            approval_required?: boolean;
            /**
             * Default Timezone
             * @description IANA time zone name; defaults to yours (or UTC).
             * @example Europe/Paris
             */
            default_timezone?: string | null;
            /**
             * Missed Post Grace Seconds
             * @description How late a post may still go out under publish_late.
             * @default 3600
             */
            missed_post_grace_seconds?: number;
            /**
             * @description What happens to a post whose time passed while it could not run.
             * @default publish_late
             */
            missed_post_policy?: components["schemas"]["MissedPostPolicy"];
            /** Name */
            name: string;
        };
        /** WorkspacePage */
        WorkspacePage: {
            /** Items */
            items: components["schemas"]["WorkspacePublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last.
             */
            next_cursor: string | null;
        };
        /** WorkspacePublic */
        WorkspacePublic: {
            /** Approval Required */
            approval_required: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Default Timezone */
            default_timezone: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Joined At
             * Format: date-time
             * @description When you joined it.
             */
            joined_at: string;
            /** Missed Post Grace Seconds */
            missed_post_grace_seconds: number;
            missed_post_policy: components["schemas"]["MissedPostPolicy"];
            /** Name */
            name: string;
            /** @description Your role in this workspace. */
            role: components["schemas"]["Role"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * WorkspaceUpdate
         * @description Send only the settings to change; a setting may be omitted but not set to null.
         */
        WorkspaceUpdate: {
            /** Approval Required */
            approval_required?: boolean | null;
            /**
             * Default Timezone
             * @example Asia/Riyadh
             */
            default_timezone?: string | null;
            /** Missed Post Grace Seconds */
            missed_post_grace_seconds?: number | null;
            missed_post_policy?: components["schemas"]["MissedPostPolicy"] | null;
            /** Name */
            name?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    "health-get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReport"];
                };
            };
            /** @description At least one component is down (named in `down`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReport"];
                };
            };
        };
    };
    "health-get-liveness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
        };
    };
    "admin-list-audit": {
        parameters: {
            query?: {
                /** @description `next_before_id` of the previous page; omit for the newest events. */
                before_id?: number | null;
                event?: string | null;
                /** @description Page size. */
                limit?: number;
                /** @description Events by or about this user. */
                user_id?: string | null;
                /** @description Events in this workspace. */
                workspace_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageOut"];
                };
            };
            /** @description unauthenticated; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (not a platform admin), insufficient_scope; permission_denied (platform administrators only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "admin-list-users": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string | null;
                /** @description Page size. */
                limit?: number;
                /** @description Part of the email or name (any case). */
                q?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description unauthenticated; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (not a platform admin), insufficient_scope; permission_denied (platform administrators only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "admin-get-user": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description unauthenticated; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (not a platform admin), insufficient_scope; permission_denied (platform administrators only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description user_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "admin-update-user": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description unauthenticated; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (not a platform admin), insufficient_scope; permission_denied (platform administrators only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description user_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken, cannot_change_self */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-logout-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_revoked; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-microsoft-callback": {
        parameters: {
            query?: {
                code?: string | null;
                error?: string | null;
                error_description?: string | null;
                state?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_state, state_expired, provider_error (details.provider_error, e.g. access_denied), invalid_id_token, nonce_mismatch, missing_claims, email_missing */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description tenant_not_allowed, account_disabled, microsoft_email_unverified */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description microsoft_sign_in_disabled */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_not_verified (a local account with this email exists but never verified it), sign_in_conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description microsoft_unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-microsoft-login": {
        parameters: {
            query?: {
                /** @description Path on this site to land on afterwards, e.g. /posts. Defaults to /. */
                next?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description microsoft_sign_in_disabled */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_next, validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description microsoft_unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-microsoft-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MicrosoftSignInStatus"];
                };
            };
        };
    };
    "auth-forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredUser"];
                };
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionInfo"];
                };
            };
        };
    };
    "auth-verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description invalid_credentials, invalid_refresh_token, refresh_token_reused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, password_too_short/_long/_common, invalid_token; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited, login_locked (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "auth-resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description unauthenticated, invalid_token, token_revoked, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description email_already_verified */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited: 3 an hour per account, 10 per IP (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "contact-send-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactAccepted"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "feed-list": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page; omit for the first. */
                cursor?: string | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedPage"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "feed-get-author-avatar": {
        parameters: {
            query?: {
                /** @description Edge in pixels: 256 or 64. */
                size?: number;
            };
            header?: never;
            path: {
                /** @description The feed post's id. */
                post_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The avatar. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": unknown;
                };
            };
            /** @description Not modified (If-None-Match). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description avatar_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_size */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "feed-get-post-media": {
        parameters: {
            query?: {
                /** @description original, thumbnail or poster. */
                variant?: string;
            };
            header?: never;
            path: {
                /** @description The file's place in the post, from 0. */
                position: number;
                /** @description The feed post's id. */
                post_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To a short-lived link to the file (minted now, never stored). */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description feed_media_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_variant */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-view-invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The token from the email. */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationView"];
                };
            };
            /** @description invitation_not_found: unknown, withdrawn, expired or already accepted (one answer for all) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited: 30 lookups per 5 minutes per IP (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-accept-invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The token from the email. */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspacePublic"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invitation_email_mismatch (sign in with the invited address), email_not_verified (verify that address first), insufficient_scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invitation_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invitation_already_accepted, already_member */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invitation_expired */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteAccountRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description session_required (API keys cannot do this), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description owner_must_transfer (details.workspace_ids) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_password, confirmation_required; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfileUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description insufficient_scope (read-only API key), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_timezone, invalid_name; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "api-keys-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"][];
                };
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "api-keys-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description session_required (API keys cannot manage keys), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_api_keys (25 active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_scopes; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "api-keys-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description session_required (API keys cannot manage keys), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description api_key_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-get-avatar": {
        parameters: {
            query?: {
                /** @description Edge in pixels: 256 or 64. */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The avatar. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": unknown;
                };
            };
            /** @description Not modified (If-None-Match). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description avatar_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_size */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-upload-avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_me-upload-avatar"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description bad_request (a malformed multipart body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description insufficient_scope (read-only API key), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (over 5 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (not PNG, JPEG, WebP or GIF) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_image (damaged), image_dimensions_too_large (decompression bomb guard) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-delete-avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description insufficient_scope (read-only API key), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "me-change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description unauthenticated, invalid_token, invalid_api_key; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description session_required (API keys cannot do this), csrf_failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description invalid_current_password, password_too_short/_long/_common; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "platforms-oauth-callback": {
        parameters: {
            query?: {
                code?: string | null;
                error?: string | null;
                error_description?: string | null;
                state?: string;
            };
            header?: never;
            path: {
                platform: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "platforms-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformOut"][];
                };
            };
        };
    };
    "feed-get-profile": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page; omit for the first. */
                cursor?: string | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The workspace's handle, with or without @. */
                handle: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileOut"];
                };
            };
            /** @description profile_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "feed-get-post": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace's handle, with or without @. */
                handle: string;
                /** @description The feed post's id. */
                post_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedPostOut"];
                };
            };
            /** @description profile_not_found, feed_post_not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-list": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page; omit for the first. */
                cursor?: string | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspacePage"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspacePublic"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description insufficient_scope (read-only API key), email_not_verified (verify your email first) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_timezone, invalid_name; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspacePublic"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspacePublic"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_timezone, invalid_name; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-list": {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
                platform?: string | null;
                /** @description Part of a handle or name. */
                q?: string | null;
                status?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountPage"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-metrics": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-account-metrics-history": {
        parameters: {
            query?: {
                /** @description Inclusive; default 30 days before `to`. */
                from?: string | null;
                limit?: number;
                /** @description Exclusive; default now. */
                to?: string | null;
            };
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountHistoryOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description account_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_range */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-reconnect": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, email_not_verified (verify your email first); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-connect": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platform: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectOut"];
                };
            };
            /** @description Credential platforms: connected. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, email_not_verified (verify your email first); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "accounts-connect-sandbox": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SandboxConnect"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, email_not_verified (verify your email first); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, account_not_found, unknown_platform; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_accounts, account_busy, feed_account_required (the workspace's own feed stays; pause it instead) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky hosting provider, points to a private or reserved address), or the platform's refusal (e.g. invalid_credentials); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description platform_unavailable: the platform is unreachable; platform_not_configured: this deployment has not turned the platform on (the catalog's why_disabled says why) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-account-metrics": {
        parameters: {
            query?: {
                /** @description Ask the platform now (cached per account). */
                live?: boolean;
            };
            header?: never;
            path: {
                account_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountMetricsOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description account_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-best-times": {
        parameters: {
            query?: {
                /** @description Only these accounts (repeat the parameter). */
                account_id?: string[] | null;
                /** @description With format=csv: start with a UTF-8 BOM, so Excel reads non-Latin text. */
                bom?: boolean;
                /** @description json, or csv to download the view. */
                format?: "json" | "csv";
                /** @description First day, included. Default: 89 days before `to`. */
                from?: string | null;
                /** @description Only these platforms (repeat the parameter). */
                platform?: string[] | null;
                /** @description Last day, included. Default: today. */
                to?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON; with format=csv a CSV file (platform,weekday,hour,posts,rated_posts,engagement_rate,finding), after a UTF-8 BOM with bom=true. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BestTimesOut"];
                    "text/csv": string;
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_range (`from` after `to`, or outside 2000 to 2100), range_too_long (over 366 days) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-collect-now": {
        parameters: {
            query?: {
                /** @description What to pull. */
                mode?: "all" | "accounts" | "posts";
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description collect_too_soon: once every ANALYTICS_COLLECT_NOW_MINUTES per workspace (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-followers": {
        parameters: {
            query?: {
                /** @description Only these accounts (repeat the parameter). */
                account_id?: string[] | null;
                /** @description Also each account's points (always there when `account_id` chooses accounts). Without it each account has its start, end and change, and the total its points. */
                account_points?: boolean;
                /** @description With format=csv: start with a UTF-8 BOM, so Excel reads non-Latin text. */
                bom?: boolean;
                /** @description day or week (Monday to Sunday) */
                by?: "day" | "week";
                /** @description json, or csv to download the view. */
                format?: "json" | "csv";
                /** @description First day (the workspace's zone), included. Default: 29 days before `to`. */
                from?: string | null;
                /** @description Only these platforms (repeat the parameter). */
                platform?: string[] | null;
                /** @description Last day, included. Default: today. */
                to?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON; with format=csv a CSV file (date,account_id,platform,handle,followers,change), after a UTF-8 BOM with bom=true. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FollowersOut"];
                    "text/csv": string;
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_range (`from` after `to`, or outside 2000 to 2100), range_too_long (over 366 days) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-ranked-posts": {
        parameters: {
            query?: {
                /** @description Only these accounts (repeat the parameter). */
                account_id?: string[] | null;
                /** @description With format=csv: start with a UTF-8 BOM, so Excel reads non-Latin text. */
                bom?: boolean;
                /** @description json, or csv to download the view. */
                format?: "json" | "csv";
                /** @description First day (the workspace's zone), included. Default: 29 days before `to`. */
                from?: string | null;
                limit?: number;
                /** @description What to rank by. */
                metric?: "impressions" | "reach" | "views" | "reactions" | "comments" | "shares" | "saves" | "clicks" | "engagements" | "engagement_rate";
                /** @description top: highest first; bottom: lowest. */
                order?: "top" | "bottom";
                /** @description Only these platforms (repeat the parameter). */
                platform?: string[] | null;
                /** @description Last day, included. Default: today. */
                to?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON; with format=csv a CSV file (rank,post_id,account_id,platform,handle,published_at,<metrics>,engagements,engagement_rate,source,as_of,text), after a UTF-8 BOM with bom=true. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RankingOut"];
                    "text/csv": string;
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_range (`from` after `to`, or outside 2000 to 2100), range_too_long (over 366 days) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-list-report-schedules": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleOut"][];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-create-report-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_schedule (weekly needs `weekday`, monthly `day_of_month`, not both); no_recipients; too_many_recipients (over 50); recipient_not_member (details.user_ids); account_not_found (details.account_ids); too_many_schedules (over 20 in a workspace); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-get-report-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description report_schedule_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-delete-report-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description report_schedule_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-update-report-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description report_schedule_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_schedule (weekly needs `weekday`, monthly `day_of_month`, not both); no_recipients; too_many_recipients (over 50); recipient_not_member (details.user_ids); account_not_found (details.account_ids); too_many_schedules (over 20 in a workspace); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-report-pdf": {
        parameters: {
            query?: {
                /** @description Only these accounts (repeat the parameter). */
                account_id?: string[] | null;
                /** @description First day (the workspace's zone), included. Default: 29 days before `to`. */
                from?: string | null;
                /** @description The report's language: en, or ar (Arabic, laid out right to left). */
                lang?: "en" | "ar";
                /** @description Only these platforms (repeat the parameter). */
                platform?: string[] | null;
                /** @description Last day, included. Default: today. */
                to?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report as a PDF file (Content-Disposition: attachment). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_range (`from` after `to`, or outside 2000 to 2100), range_too_long (over 366 days) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-summary": {
        parameters: {
            query?: {
                /** @description Only these accounts (repeat the parameter). */
                account_id?: string[] | null;
                /** @description With format=csv: start with a UTF-8 BOM, so Excel reads non-Latin text. */
                bom?: boolean;
                /** @description json, or csv to download the view. */
                format?: "json" | "csv";
                /** @description First day (the workspace's zone), included. Default: 29 days before `to`. */
                from?: string | null;
                /** @description Only these platforms (repeat the parameter). */
                platform?: string[] | null;
                /** @description Last day, included. Default: today. */
                to?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON; with format=csv a CSV file (platform,metric,value,previous,change,change_percent,from,to), after a UTF-8 BOM with bom=true. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SummaryOut"];
                    "text/csv": string;
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_range (`from` after `to`, or outside 2000 to 2100), range_too_long (over 366 days) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-waiting-for-me": {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostPage"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-list-audit": {
        parameters: {
            query?: {
                /** @description `next_before_id` of the previous page; omit for the newest events. */
                before_id?: number | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-calendar": {
        parameters: {
            query: {
                /** @description Only posts to this account */
                account_id?: string | null;
                from: string;
                /** @description Only posts to this platform */
                platform?: string | null;
                /** @description IANA zone; default: the workspace's */
                timezone?: string | null;
                to: string;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Calendar"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, timezone_required, invalid_timezone, invalid_range */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "feed-delete-post": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The feed post's id. */
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, feed_post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-list-invitations": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page; omit for the first. */
                cursor?: string | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPage"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-create-invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPublic"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, cannot_assign_role; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description already_member, invitation_conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-revoke-invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invitation_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, cannot_assign_role; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, invitation_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-leave": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description owner_must_transfer */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "media-list": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page; omit for the first. */
                cursor?: string | null;
                /** @description Only this kind. */
                kind?: components["schemas"]["MediaKind"] | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaPage"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor, invalid_limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "media-upload": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description deduplicated: the same bytes were already stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletedOut"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletedOut"];
                };
            };
            /** @description bad_request (malformed multipart) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (over MEDIA_MULTIPART_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send multipart/form-data) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description file_missing, unsupported_type, file_too_large, empty_file, size_mismatch, unrecognized_content, type_mismatch, image_dimensions_too_large, video_dimensions_too_large, invalid_image, invalid_video */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "media-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The media's id. */
                media_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, media_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "media-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The media's id. */
                media_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, media_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description media_in_use (an unfinished post uses it; details.post_ids) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "media-complete-upload": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The media's id. */
                media_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletedOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, media_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description upload_missing (PUT the file first), media_processing (another completion is running) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_type, file_too_large, empty_file, size_mismatch, unrecognized_content, type_mismatch, image_dimensions_too_large, video_dimensions_too_large, invalid_image, invalid_video */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "media-request-upload": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UploadRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadTicketOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, unsupported_type, file_too_large; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-list-members": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page; omit for the first. */
                cursor?: string | null;
                /** @description Items per page. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPage"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-remove-member": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The member's user id. */
                user_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, cannot_manage_member; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, member_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description owner_cannot_be_removed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-change-role": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The member's user id. */
                user_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPublic"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, insufficient_scope, cannot_manage_member (not ranked below you), cannot_assign_role; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, member_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description owner_role_fixed (use transfer-ownership) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-list": {
        parameters: {
            query?: {
                account_id?: string | null;
                /** @description Only the posts this member wrote */
                author_id?: string | null;
                cursor?: string | null;
                limit?: number;
                platform?: string | null;
                /** @description Text the post contains */
                q?: string | null;
                scheduled_from?: string | null;
                scheduled_to?: string | null;
                /** @description Only the occurrences of this series */
                series_id?: string | null;
                sort?: "created" | "scheduled";
                status?: ("draft" | "pending_approval" | "scheduled" | "publishing" | "published" | "partially_published" | "failed" | "cancelled") | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostPage"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied, email_not_verified (verify your email before publishing); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_targets (details.targets lists every problem per account id), invalid_target_count, duplicate_target, media_not_found; schedule_required, scheduled_in_past, scheduled_too_far, timezone_required, invalid_timezone, timezone_mismatch, nonexistent_local_time, ambiguous_local_time (details.earlier and details.later are the two instants; pick one with `ambiguous`); invalid_recurrence, recurrence_needs_start; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description post_locked (part of it is out, or may be) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-update": {
        parameters: {
            query?: {
                /** @description For an occurrence of a recurring post: this one, this and the following ones, or all of the series (never one already out). */
                scope?: components["schemas"]["shared__services__post_changes__Scope"];
            };
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description post_locked (part of it is publishing or out), post_cancelled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_targets (details.targets lists every problem per account id), invalid_target_count, duplicate_target, media_not_found; schedule_required, scheduled_in_past, scheduled_too_far, timezone_required, invalid_timezone, timezone_mismatch, nonexistent_local_time, ambiguous_local_time (details.earlier and details.later are the two instants; pick one with `ambiguous`); account_already_done, not_in_series, recurrence_needs_scope, invalid_recurrence; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-approve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReviewIn"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description not_pending_approval */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-cancel": {
        parameters: {
            query?: {
                /** @description For an occurrence of a recurring post: this one, this and the following ones, or all of the series (never one already out). */
                scope?: components["schemas"]["shared__services__post_changes__Scope"];
            };
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description nothing_to_cancel (everything in scope is out or cancelled already) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description not_in_series (a scope other than `this` for a post that does not repeat) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-post-metrics": {
        parameters: {
            query?: {
                /** @description Ask the platforms now (cached per account). */
                live?: boolean;
            };
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostMetricsOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "analytics-post-metrics-history": {
        parameters: {
            query?: {
                /** @description With format=csv: start with a UTF-8 BOM, so Excel reads non-Latin text. */
                bom?: boolean;
                /** @description json, or csv to download the view. */
                format?: "json" | "csv";
                /** @description First day, included. */
                from?: string | null;
                /** @description Last day, included. */
                to?: string | null;
            };
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON; with format=csv a CSV file (date,target_id,account_id,platform,handle,<metrics>), after a UTF-8 BOM with bom=true. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostHistoryOut"];
                    "text/csv": string;
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_range */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-reject": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description not_pending_approval */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-retry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description nothing_to_retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-review-history": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewEntryOut"][];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-submit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                post_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SubmitIn"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (the role does not allow it), not_post_author (contributors act only on their own posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description not_draft */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; invalid_targets (details.targets lists every problem per account id), invalid_target_count, duplicate_target, media_not_found; schedule_required, scheduled_in_past, scheduled_too_far, timezone_required, invalid_timezone, timezone_mismatch, nonexistent_local_time, ambiguous_local_time (details.earlier and details.later are the two instants; pick one with `ambiguous`); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-export": {
        parameters: {
            query?: {
                /** @description Start with a UTF-8 BOM, so Excel reads Arabic, emoji and other non-Latin text. */
                bom?: boolean;
                /** @description Scheduled at or after (with offset). */
                from?: string | null;
                status?: string | null;
                /** @description Scheduled before (with offset). */
                to?: string | null;
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV with columns id,status,scheduled_at,timezone,text,accounts,media_ids,account_texts,account_media_ids,account_options,series_id,recurrence,series_starts_at,published_urls (after a UTF-8 BOM with bom=true). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; timezone_required, invalid_range, invalid_status */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-import": {
        parameters: {
            query?: {
                /** @description Check every row, create nothing. */
                dry_run?: boolean;
                /** @description all_or_nothing or best_effort */
                mode?: components["schemas"]["ImportMode"];
            };
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description The report, one entry per row. Row error codes (each with the column to fix): too_many_cells, status_not_importable, media_url_not_supported, invalid_datetime, invalid_account_ref, accounts_required, account_ambiguous, invalid_media_id, invalid_account_texts, invalid_account_media_ids, invalid_account_options, series_mismatch, schedule_required, scheduled_in_past, scheduled_too_far, nonexistent_local_time, ambiguous_local_time, timezone_mismatch, timezone_required, invalid_timezone, invalid_recurrence, recurrence_needs_start, invalid_target_count, duplicate_target, account_not_found, account_needs_reauth, platform_unavailable, unknown_platform, text_too_long, empty_post, too_many_media, media_kind_not_supported, media_too_large, video_too_long, media_not_found, series_not_created, not_created, not_saved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportOut"];
                };
            };
            /** @description bad_request (a malformed multipart body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found (also when you are not a member); workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (over 2 MB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (not multipart/form-data) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; file_missing, empty_file, invalid_encoding, invalid_csv, missing_column, unknown_column, duplicate_column, too_many_rows (over 1000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-preview": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied; permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, post_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-summary": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostSummary"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "posts-get-series": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                series_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeriesOut"];
                };
            };
            /** @description unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, series_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed (details lists each invalid field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "workspaces-transfer-ownership": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferResult"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, member_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description already_owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookOut"][];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description too_many_webhooks (20) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_webhook_url, webhook_url_not_https, invalid_events, host_not_allowed (the URL points to a private or reserved address); validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description payload_too_large (body over REQUEST_MAX_BODY_BYTES (1 MiB by default)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description unsupported_media_type (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor; validation_failed also when the body is not JSON or not valid UTF-8 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-list-deliveries": {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                webhook_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSecretOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    "webhooks-ping": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
                /** @description Workspace id. */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryOut"];
                };
            };
            /** @description unauthenticated, invalid_token, token_expired, ...; unauthenticated (no credentials), invalid_token, token_expired, token_revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description permission_denied (role), insufficient_scope (API key); permission_denied (your role does not allow it), insufficient_scope (a read-only API key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description workspace_not_found, webhook_not_found; workspace_not_found (it does not exist, or you are not a member) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description validation_failed, invalid_events, invalid_cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description rate_limited: 10 tests per 5 minutes per webhook (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
