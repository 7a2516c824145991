/*
 * The interactive view: ncurses on the one libuv loop.
 *
 * stdin is watched with a uv_poll_t and drained with getch() in nodelay
 * mode; SIGWINCH, SIGTERM, SIGHUP and SIGINT arrive as uv_signal_t (libuv
 * owns those signals, so a resize is handled here with resizeterm(), not by
 * ncurses' own handler). Data changes and key presses only mark the frame
 * dirty; a short timer coalesces them into one render, and the blit writes
 * just the cells that differ from the previous frame, so a 1 Hz clock tick
 * or a burst of Andon frames costs a few bytes on the wire, not a repaint.
 *
 * ncurses never writes to the terminal itself: its output descriptor is a
 * memory file (memfd), which a write cannot block on, and the pump copies
 * what it holds to the terminal without blocking, the rest when the
 * terminal can take more. While the terminal is not read (a stopped SSH
 * client or tmux, a slow link) the loop goes on taking the Andon stream
 * and the answers, and frames wait: the next one is drawn, against the
 * last one sent, once the terminal has taken the previous one. (ncurses
 * writing straight to a terminal that libuv has made non-blocking spins
 * on EAGAIN, and a blocking one stops the loop: either way the stream's
 * events were lost.) A terminal that hangs up (EIO, POLLHUP) ends the view.
 *
 * The terminal is restored on every way out: quit, the signals, a hang-up
 * and fatal errors (through the xalloc fatal hook), blocking mode included
 * (libuv makes standard input non-blocking, which a shell that shares the
 * terminal must not inherit).
 */
#define _GNU_SOURCE   /* memfd_create */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "andon_client.h"
#include "cmd.h"
#include "dashload.h"
#include "engine.h"
#include "log.h"
#include "ms5top/fmt.h"
#include "ms5top/keys.h"
#include "ms5top/render.h"
#include "ms5top/theme.h"
#include "ms5top/xalloc.h"
#include "session.h"

#define RENDER_DELAY_MS 50     /* data changes within this window share a frame */
#define FILTER_MAX 64

struct tui {
	struct session s;
	uv_timer_t refresh, clock, render;
	uv_poll_t input;
	uv_signal_t sigwinch, sigterm, sighup, sigint, sigtstp;
	struct canvas cur, prev;

	/* The terminal's output: ncurses writes to a memfd on standard
	 * output; the pump copies it to tty (a dup of the terminal). */
	int tty;                   /* the terminal, -1 without the pump */
	off_t sent;                /* bytes of the memfd the terminal has taken */
	uv_poll_t out;             /* tty writable, while the pump waits */
	bool out_active, deferred; /* a frame waits for the terminal */
	int in_flags, out_flags;   /* the file status flags found at start */
	bool prev_valid;
	struct layout layout;

	/* What the user did. */
	size_t focus, first;
	int zoom;
	char filter[FILTER_MAX];
	bool filter_editing, paused, help, quit;
	struct panel_view views[DASH_MAX_PANELS];
	size_t range_index;
	char notice[160];
	double notice_until;
	char unlock_ring[32];      /* the last keys typed, for --kiosk-unlock */
	attr_t role_attr[ROLE_COUNT];  /* the theme's attributes per role */
	bool colors;               /* colour pairs are set up (depth > none) */
};

static struct tui *active;    /* for the fatal hook */

static void pump_finish(struct tui *t);

static void restore_terminal(void)
{
	if (active) {
		pump_finish(active);
	}
	if (!isendwin()) {
		endwin();
	}
}

/* The time ranges `t` cycles through: the dashboard's own, then these. */
static const double ranges[] = { 0, 3600, 6 * 3600, 24 * 3600, 7 * 86400 };

static double current_range(const struct tui *t)
{
	return t->range_index == 0 ? t->s.dash.range : ranges[t->range_index];
}

static void on_render(uv_timer_t *h);
static void switch_role(struct tui *t, enum ms5_role role);

static void mark_dirty(struct tui *t)
{
	if (!uv_is_active((uv_handle_t *)&t->render)) {
		uv_timer_start(&t->render, on_render, RENDER_DELAY_MS, 0);
	}
}

static void on_changed(void *ud)
{
	mark_dirty(ud);
}

static void notice(struct tui *t, const char *text)
{
	snprintf(t->notice, sizeof(t->notice), "%s", text);
	t->notice_until = engine_now() + 4;
}

/* Says why the view stays closed to the login's MS5 role. */
static void refuse_role(struct tui *t, enum ms5_role role)
{
	char text[160];

	snprintf(text, sizeof(text), "the MS5 role '%s' may not open the %s view",
		t->s.user_role, config_role_name(role));
	notice(t, text);
}

static void draw(struct tui *t);

static void on_out_writable(uv_poll_t *h, int status, int events);

/* Bytes ncurses has written to the memfd (its offset there). */
static off_t pump_end(void)
{
	off_t end = lseek(STDOUT_FILENO, 0, SEEK_CUR);

	return end < 0 ? 0 : end;
}

/* The terminal hung up: the view ends. */
static void hung_up(struct tui *t, const char *why)
{
	if (!t->quit) {
		log_msg("the terminal is gone (%s): quitting", why);
	}
	t->quit = true;
	uv_stop(&t->s.app.loop);
}

/* Copies what the terminal can take now; waits for it to be writable for
 * the rest. When all is out, a frame that waited is drawn. */
static void pump(struct tui *t)
{
	off_t end = pump_end();
	char buf[16384];

	if (t->tty < 0) {
		return;
	}
	while (t->sent < end) {
		size_t want = (size_t)(end - t->sent) < sizeof(buf) ? (size_t)(end - t->sent) : sizeof(buf);
		ssize_t n = pread(STDOUT_FILENO, buf, want, t->sent), w;

		if (n <= 0) {
			break;
		}
		w = write(t->tty, buf, (size_t)n);
		if (w > 0) {
			t->sent += w;
			continue;
		}
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (!t->out_active) {
				uv_poll_start(&t->out, UV_WRITABLE, on_out_writable);
				t->out_active = true;
			}
			return;
		}
		hung_up(t, w < 0 ? strerror(errno) : "nothing written");
		break;
	}
	/* All out (or dropped): the memfd starts again at its beginning. */
	if (ftruncate(STDOUT_FILENO, 0) == 0) {
		lseek(STDOUT_FILENO, 0, SEEK_SET);
	}
	t->sent = 0;
	if (t->out_active) {
		uv_poll_stop(&t->out);
		t->out_active = false;
	}
	if (t->deferred && !t->quit) {
		t->deferred = false;
		draw(t);
	}
}

static void on_out_writable(uv_poll_t *h, int status, int events)
{
	struct tui *t = h->data;

	(void)events;
	if (status < 0) {
		hung_up(h->data, uv_strerror(status));
		return;
	}
	pump(t);
}

/* Sends what is left once, without waiting, and gives standard output back
 * to the terminal, in blocking mode as it was found, for endwin() and
 * whatever runs after ms5top. */
static void pump_finish(struct tui *t)
{
	t->deferred = false;
	if (t->tty >= 0 && lseek(STDOUT_FILENO, 0, SEEK_CUR) >= 0) {
		pump(t);
		dup2(t->tty, STDOUT_FILENO);
	}
	fcntl(STDIN_FILENO, F_SETFL, t->in_flags);
	fcntl(STDOUT_FILENO, F_SETFL, t->out_flags);
}

/* Puts ncurses' output on a fresh memfd (standard output); false when
 * there is none, and ncurses then writes to the terminal as before. */
static bool pump_route(struct tui *t)
{
	int mem = memfd_create("ms5top-frames", MFD_CLOEXEC);

	if (mem < 0 || dup2(mem, STDOUT_FILENO) < 0) {
		log_msg("memfd: %s: frames go to the terminal directly", strerror(errno));
		if (mem >= 0) {
			close(mem);
		}
		return false;
	}
	close(mem);
	t->sent = 0;
	return true;
}

/* Keeps the terminal on t->tty (non-blocking) and routes ncurses to a
 * memfd; remembers the blocking modes to give back. */
static void pump_start(struct tui *t)
{
	t->in_flags = fcntl(STDIN_FILENO, F_GETFL);
	t->out_flags = fcntl(STDOUT_FILENO, F_GETFL);
	fflush(stdout);
	t->tty = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (t->tty < 0) {
		return;
	}
	if (!pump_route(t)) {
		close(t->tty);
		t->tty = -1;
		return;
	}
	fcntl(t->tty, F_SETFL, t->out_flags | O_NONBLOCK);
}

/* Writes the cells that differ from the previous frame. */
static void blit(struct tui *t)
{
	const struct canvas *c = &t->cur;
	bool full = !t->prev_valid || t->prev.w != c->w || t->prev.h != c->h;

	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			const struct cell *a = &c->cells[y * c->w + x];
			const struct cell *b = full ? NULL : &t->prev.cells[y * c->w + x];
			attr_t attr = 0;
			wchar_t wc[2] = { 0, 0 };
			cchar_t cc;

			if (a->ch == CANVAS_WIDE_NEXT) {
				continue;
			}
			if (b && a->ch == b->ch && a->role == b->role && a->attr == b->attr &&
				(x + 1 >= c->w || (c->cells[y * c->w + x + 1].ch == CANVAS_WIDE_NEXT) ==
				(t->prev.cells[y * c->w + x + 1].ch == CANVAS_WIDE_NEXT))) {
				continue;
			}
			if (a->attr & CELL_BOLD) {
				attr |= A_BOLD;
			}
			if (a->attr & CELL_REVERSE) {
				attr |= A_REVERSE;
			}
			if (a->attr & CELL_DIM) {
				attr |= A_DIM;
			}
			wc[0] = (wchar_t)a->ch;
			if (a->role < ROLE_COUNT) {
				attr |= t->role_attr[a->role];
			}
			setcchar(&cc, wc, attr, t->colors ? (short)(a->role + 1) : 0, NULL);
			/* The bottom-right cell of the screen is written with insert,
			 * so that the terminal does not scroll. */
			if (y == c->h - 1 && x == c->w - 1) {
				mvins_wch(y, x, &cc);
			} else {
				mvadd_wch(y, x, &cc);
			}
		}
	}
	canvas_copy(&t->prev, c);
	t->prev_valid = true;
	refresh();
	pump(t);
}

/* A theme colour as ncurses wants it: -1 for the terminal's default, a
 * palette index, or (in a direct-colour terminal) the RGB value itself. */
static int curses_color(struct term_color c)
{
	switch (c.kind) {
	case TERM_COLOR_INDEX:
		return c.index;
	case TERM_COLOR_RGB:
		return (c.r << 16) | (c.g << 8) | c.b;
	case TERM_COLOR_DEFAULT:
		break;
	}
	return -1;
}

static void setup_colors(struct tui *t)
{
	enum color_depth depth = COLOR_DEPTH_NONE;

	if (has_colors() && start_color() == OK) {
		use_default_colors();
		depth = session_depth(t->s.cfg, COLORS);
		if (depth == COLOR_DEPTH_TRUECOLOR && COLORS < 0x1000000) {
			depth = COLOR_DEPTH_256;   /* terminfo has no direct colour */
		}
		if (depth == COLOR_DEPTH_256 && COLORS < 256) {
			depth = COLORS >= 16 ? COLOR_DEPTH_16 : COLOR_DEPTH_8;
		}
	}
	t->colors = depth != COLOR_DEPTH_NONE;
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct term_style st = theme_style(&t->s.theme, (enum style_role)r, depth);

		t->role_attr[r] = ((st.attr & CELL_BOLD) ? A_BOLD : 0) |
			((st.attr & CELL_DIM) ? A_DIM : 0) | ((st.attr & CELL_REVERSE) ? A_REVERSE : 0);
		if (t->colors) {
			init_extended_pair(r + 1, curses_color(st.fg), curses_color(st.bg));
		}
	}
	if (t->colors) {
		bkgdset(COLOR_PAIR(ROLE_DEFAULT + 1) | ' ');
	}
}

static void draw(struct tui *t)
{
	struct render_opts o;
	char clock[32];
	double now = engine_now();
	time_t secs = (time_t)now;
	struct tm tm;

	if (t->quit) {
		return;
	}
	if (t->tty >= 0 && t->sent < pump_end()) {
		t->deferred = true;    /* the terminal has not taken the last frame yet */
		return;
	}
	/* The login may name a role that may not see this view: back to the
	 * floor, and say why. */
	if (!config_role_allows(t->s.user_role, t->s.role)) {
		refuse_role(t, t->s.role);
		switch_role(t, MS5_ROLE_FLOOR);
	}
	localtime_r(&secs, &tm);
	strftime(clock, sizeof(clock), "%a %H:%M:%S", &tm);
	if (t->cur.w != COLS || t->cur.h != LINES) {
		canvas_resize(&t->cur, COLS, LINES);
		model_set_width(&t->s.model, COLS);
	}
	memset(&o, 0, sizeof(o));
	o.plant = t->s.cfg->plant;
	o.role = config_role_name(t->s.role);
	o.clock = clock;
	o.now = now;
	o.focus = t->focus;
	o.zoom = t->zoom;
	o.first = t->first;
	o.filter = t->filter;
	o.filter_editing = t->filter_editing;
	o.paused = t->paused;
	o.help = t->help;
	o.kiosk = t->s.cfg->kiosk;
	o.big = t->s.cfg->kiosk && t->s.role == MS5_ROLE_FLOOR;
	o.show_focus = !t->s.cfg->kiosk;
	o.notice = now < t->notice_until ? t->notice : NULL;
	o.views = t->views;
	if (t->s.dash_error[0]) {
		canvas_clear(&t->cur);
		canvas_text(&t->cur, 1, 1, t->cur.w - 2, t->s.dash_error, ROLE_CRIT, CELL_BOLD);
	} else {
		render_frame(&t->cur, &t->s.model, &o, &t->layout);
	}
	blit(t);
}

static void on_render(uv_timer_t *h)
{
	draw(h->data);
}

static void on_refresh(uv_timer_t *h)
{
	struct tui *t = h->data;

	if (!t->paused) {
		engine_refresh(&t->s.engine);
	}
}

static void on_clock(uv_timer_t *h)
{
	struct tui *t = h->data;

	/* Ages and the clock tick; the diff keeps this to a few cells. */
	if (t->s.andon) {
		andon_state_prune(t->s.andon, engine_now());
	}
	draw(t);
}

static void start_refresh(struct tui *t)
{
	double every = t->s.cfg->refresh > 0 ? t->s.cfg->refresh : t->s.dash.refresh;
	uint64_t ms = (uint64_t)((every > 0 ? every : 5) * 1000);

	uv_timer_start(&t->refresh, on_refresh, 0, ms);
}

static void switch_role(struct tui *t, enum ms5_role role)
{
	if (role == t->s.role && !t->s.dash_error[0]) {
		return;
	}
	if (!config_role_allows(t->s.user_role, role)) {
		refuse_role(t, role);
		return;
	}
	session_load_role(&t->s, role, COLS);
	t->focus = 0;
	t->first = 0;
	t->zoom = -1;
	t->range_index = 0;
	memset(t->views, 0, sizeof(t->views));
	for (size_t i = 0; i < DASH_MAX_PANELS; i++) {
		t->views[i].sort_column = -1;
	}
	engine_set_model(&t->s.engine, &t->s.model, current_range(t));
	start_refresh(t);
	t->prev_valid = false;
}

static void move_focus(struct tui *t, int delta)
{
	size_t n = t->layout.n, rank;

	if (n == 0) {
		return;
	}
	rank = layout_rank(&t->layout, t->focus);
	rank = (rank + n + (size_t)(delta + (int)n)) % n;
	t->focus = t->layout.order[rank];
	if (t->layout.stacked && (rank < t->first || !t->layout.items[t->focus].visible)) {
		t->first = rank;
	}
	if (t->zoom >= 0) {
		t->zoom = (int)t->focus;
	}
}

static bool kiosk_unlocked(struct tui *t, int ch)
{
	const char *seq = t->s.cfg->kiosk_unlock;
	size_t n = strlen(t->unlock_ring), k;

	if (!seq || !*seq || ch <= 0 || ch > 127) {
		return false;
	}
	if (n + 1 >= sizeof(t->unlock_ring)) {
		memmove(t->unlock_ring, t->unlock_ring + 1, n);
		n--;
	}
	t->unlock_ring[n] = (char)ch;
	t->unlock_ring[n + 1] = '\0';
	k = strlen(seq);
	return n + 1 >= k && strcmp(t->unlock_ring + n + 1 - k, seq) == 0;
}

static void click(struct tui *t)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))) {
		return;
	}
	for (size_t i = 0; i < t->layout.n; i++) {
		struct rect r = t->layout.items[i].r;

		if (t->layout.items[i].visible && ev.x >= r.x && ev.x < r.x + r.w &&
			ev.y >= r.y && ev.y < r.y + r.h) {
			t->focus = i;
		}
	}
}

/* A terminal key as a binding's key code (keys.h). */
static int keycode(int r, wint_t wch)
{
	static const struct { int curses, code; } special[] = {
		{ KEY_UP, KEYCODE_UP }, { KEY_DOWN, KEYCODE_DOWN }, { KEY_LEFT, KEYCODE_LEFT },
		{ KEY_RIGHT, KEYCODE_RIGHT }, { KEY_BTAB, KEYCODE_BACKTAB }, { KEY_ENTER, KEYCODE_ENTER },
		{ KEY_PPAGE, KEYCODE_PAGE_UP }, { KEY_NPAGE, KEYCODE_PAGE_DOWN },
		{ KEY_BACKSPACE, KEYCODE_BACKSPACE }, { KEY_MOUSE, KEYCODE_MOUSE },
	};

	if (r == OK) {
		return (int)wch;   /* a character: its code point */
	}
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		if (special[i].curses == (int)wch) {
			return special[i].code;
		}
	}
	return 0;
}

static void cycle_sort(struct tui *t, struct panel_view *v)
{
	const struct dash_panel *p = t->focus < t->s.dash.n_panels ? &t->s.dash.panels[t->focus] : NULL;
	int n = p && p->klass->sort_columns ? (int)p->klass->sort_columns(p) : 0;

	if (!v || n <= 0) {
		return;
	}
	if (v->sort_column < 0) {
		v->sort_column = 0;
	} else if (!v->sort_desc) {
		v->sort_desc = true;
	} else {
		v->sort_column = (v->sort_column + 1) % n;
		v->sort_desc = false;
	}
}

static void cycle_range(struct tui *t)
{
	char text[64], d[16];

	do {
		t->range_index = (t->range_index + 1) % (sizeof(ranges) / sizeof(ranges[0]));
	} while (t->range_index != 0 && ranges[t->range_index] == t->s.dash.range);
	t->s.engine.range = current_range(t);
	snprintf(text, sizeof(text), "time range: %s", fmt_duration(d, sizeof(d), current_range(t)));
	notice(t, text);
	engine_refresh(&t->s.engine);
}

/* What kiosk mode says instead of an action it locks. */
static const char *kiosk_refusal(enum key_action a)
{
	switch (a) {
	case ACT_QUIT:
		return "kiosk mode: quitting needs the unlock keys";
	case ACT_FILTER:
		return "kiosk mode: the filter is locked";
	default:
		return "kiosk mode: the view is locked";
	}
}

/* One key, through the binding table (keys.h). Long but flat: one case per
 * action of the table, each a line or two, so that what a key does is
 * read in one place. */
static void key(struct tui *t, int code)
{
	bool kiosk = t->s.cfg->kiosk, cleared;
	struct panel_view *v = t->focus < DASH_MAX_PANELS ? &t->views[t->focus] : NULL;
	size_t nth = 0;
	const struct key_binding *b;

	if (kiosk && kiosk_unlocked(t, code)) {
		t->quit = true;
		return;
	}
	if (t->filter_editing) {
		t->filter_editing = key_edit_filter(t->filter, sizeof(t->filter), code, &cleared);
		return;
	}
	if (t->help && code != KEYCODE_MOUSE) {
		t->help = false;
		return;
	}
	b = key_binding_of(code, &nth);
	if (!b) {
		return;
	}
	if (kiosk && b->kiosk_locked) {
		notice(t, kiosk_refusal(b->action));
		return;
	}
	switch (b->action) {
	case ACT_QUIT:
		t->quit = true;
		break;
	case ACT_VIEW:
		switch_role(t, (enum ms5_role)nth);
		break;
	case ACT_NEXT_PANEL:
		move_focus(t, 1);
		break;
	case ACT_PREV_PANEL:
		move_focus(t, -1);
		break;
	case ACT_ZOOM:
		t->zoom = t->zoom >= 0 ? -1 : (int)t->focus;
		break;
	case ACT_SCROLL_DOWN:
		if (v) {
			v->scroll += 5;
		}
		break;
	case ACT_SCROLL_UP:
		if (v) {
			v->scroll = v->scroll > 5 ? v->scroll - 5 : 0;
		}
		break;
	case ACT_SORT:
		cycle_sort(t, v);
		break;
	case ACT_FILTER:
		t->filter_editing = true;
		break;
	case ACT_CLEAR:
		t->filter[0] = '\0';
		t->zoom = -1;
		break;
	case ACT_PAUSE:
		t->paused = !t->paused;
		notice(t, t->paused ? "paused: p resumes" : "resumed");
		if (!t->paused) {
			engine_refresh(&t->s.engine);
		}
		break;
	case ACT_REFRESH:
		engine_refresh(&t->s.engine);
		notice(t, "refreshing");
		break;
	case ACT_RANGE:
		cycle_range(t);
		break;
	case ACT_HELP:
		t->help = true;
		break;
	case ACT_CLICK:
		click(t);
		break;
	case ACT_NONE:
		break;
	}
}

static void on_input(uv_poll_t *h, int status, int events)
{
	struct tui *t = h->data;
	wint_t wch;
	int r, keys = 0;

	if (status < 0 || (events & UV_DISCONNECT)) {
		hung_up(t, status < 0 ? uv_strerror(status) : "hang-up");
		return;
	}
	while ((r = get_wch(&wch)) != ERR) {
		keys++;

		if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
			continue;
		}
		key(t, keycode(r, wch));
		if (t->quit) {
			break;
		}
	}
	if (t->quit) {
		uv_stop(h->loop);
		return;
	}
	if (keys == 0) {
		/* Readable but no key: a terminal that hung up reads as EOF or
		 * EIO for ever (the classic curses spin). */
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

		if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) {
			hung_up(t, "hang-up");
			return;
		}
	}
	draw(t);
}

static void on_signal(uv_signal_t *h, int signum)
{
	struct tui *t = h->data;

	if (signum == SIGTSTP) {
		/* Ctrl-Z: the terminal as it was while stopped, then the view
		 * again (ncurses' own handler would restore standard output,
		 * which is the memfd). */
		restore_terminal();
		kill(getpid(), SIGSTOP);
		reset_prog_mode();
		if (t->tty >= 0 && !pump_route(t)) {
			close(t->tty);
			t->tty = -1;
		}
		fcntl(STDIN_FILENO, F_SETFL, t->in_flags | O_NONBLOCK);
		clear();
		t->prev_valid = false;
		draw(t);
		return;
	}
	if (signum == SIGWINCH) {
		struct winsize ws;

		if (ioctl(t->tty >= 0 ? t->tty : STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
			ws.ws_col > 0) {
			resizeterm(ws.ws_row, ws.ws_col);
		}
		clear();
		t->prev_valid = false;
		draw(t);
		return;
	}
	log_msg("signal %d: quitting", signum);
	t->quit = true;
	uv_stop(h->loop);
}

static void close_handle(uv_handle_t *h)
{
	if (!uv_is_closing(h)) {
		uv_close(h, NULL);
	}
}

/* curses: keys as they come (Ctrl-C and Ctrl-Z too in a kiosk), no echo,
 * no cursor, clicks, colours. */
static bool start_terminal(struct tui *t, const struct ms5_config *cfg)
{
	if (!initscr()) {
		fprintf(stderr, "ms5top: cannot initialise the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	ms5_set_fatal_hook(restore_terminal);
	if (cfg->kiosk) {
		raw();          /* Ctrl-C and Ctrl-Z are keys here, not signals */
	} else {
		cbreak();
	}
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	setup_colors(t);
	pump_start(t);
	active = t;
	return true;
}

static uv_signal_t *signal_handle(struct tui *t, size_t i)
{
	uv_signal_t *sigs[] = { &t->sigwinch, &t->sigterm, &t->sighup, &t->sigint, &t->sigtstp };

	return sigs[i];
}

/* The timers, the terminal's input and the signals on the app's loop. */
static void start_handles(struct tui *t)
{
	static const int nums[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGTSTP };
	uv_loop_t *loop = &t->s.app.loop;

	uv_timer_init(loop, &t->refresh);
	uv_timer_init(loop, &t->clock);
	uv_timer_init(loop, &t->render);
	t->refresh.data = t->clock.data = t->render.data = t;
	uv_poll_init(loop, &t->input, STDIN_FILENO);
	t->input.data = t;
	uv_poll_start(&t->input, UV_READABLE | UV_DISCONNECT, on_input);
	uv_poll_init(loop, &t->out, t->tty >= 0 ? t->tty : STDOUT_FILENO);
	t->out.data = t;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		uv_signal_init(loop, signal_handle(t, i));
		signal_handle(t, i)->data = t;
		uv_signal_start(signal_handle(t, i), on_signal, nums[i]);
	}
	start_refresh(t);
	uv_timer_start(&t->clock, on_clock, 1000, 1000);
}

static void close_handles(struct tui *t)
{
	close_handle((uv_handle_t *)&t->refresh);
	close_handle((uv_handle_t *)&t->clock);
	close_handle((uv_handle_t *)&t->render);
	close_handle((uv_handle_t *)&t->input);
	close_handle((uv_handle_t *)&t->out);
	for (size_t i = 0; i < 5; i++) {
		close_handle((uv_handle_t *)signal_handle(t, i));
	}
}

int cmd_tui(const struct ms5_config *cfg)
{
	struct tui *t = xcalloc(1, sizeof(*t));
	struct ms5_error err = { "" };
	enum canvas_glyphs glyphs = session_glyphs(cfg);

	if (!session_init(&t->s, cfg, &err)) {
		fprintf(stderr, "ms5top: %s\n", err.msg);
		free(t);
		return MS5_EXIT_USAGE;
	}
	t->zoom = -1;
	for (size_t i = 0; i < DASH_MAX_PANELS; i++) {
		t->views[i].sort_column = -1;
	}
	if (!start_terminal(t, cfg)) {
		session_finish(&t->s);
		free(t);
		return MS5_EXIT_USAGE;
	}
	canvas_init(&t->cur, COLS, LINES, glyphs);
	canvas_init(&t->prev, COLS, LINES, glyphs);
	session_load_role(&t->s, cfg->role, COLS);
	t->s.engine.changed = on_changed;
	t->s.engine.ud = t;
	t->s.changed = on_changed;
	t->s.changed_ud = t;
	engine_set_model(&t->s.engine, &t->s.model, current_range(t));
	start_handles(t);
	session_start_andon(&t->s);
	draw(t);

	uv_run(&t->s.app.loop, UV_RUN_DEFAULT);

	restore_terminal();
	ms5_set_fatal_hook(NULL);
	active = NULL;
	session_log_counters(&t->s);
	close_handles(t);
	session_finish(&t->s);
	if (t->tty >= 0) {
		close(t->tty);
	}
	canvas_finish(&t->cur);
	canvas_finish(&t->prev);
	free(t);
	return MS5_EXIT_OK;
}
