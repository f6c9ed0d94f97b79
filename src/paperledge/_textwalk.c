/*
 * paperledge._textwalk: the visible text of an lxml element as lines, in C.
 *
 * Why C: on a 400-episode listing page, writing the body's text with an XSLT
 * transform and cutting it into lines with str methods costs more than
 * libxml2's whole parse of the page (issue #3 asks for the whole reader
 * within 3x of the parse).  This module does the same two steps in one walk
 * over the tree libxml2 built, reading it and never changing it.  The pure
 * Python path (paperledge._html_text.serialise and lines) stays, is what
 * runs where this module was not built, and is the specification: the tests
 * compare the two on every fixture and on generated pages.
 *
 * Safety: the walk is iterative (no recursion, whatever the nesting depth),
 * reads only fields of libxml2's public node structure, and every write goes
 * through a buffer that grows as needed.  Input that is not what is expected
 * raises an exception; the caller then uses the Python path.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* -- the parts of libxml2's (stable, public) node structure that are read ------- */

typedef unsigned char xml_char;

typedef struct node_s node_t;
typedef struct attribute_s attribute_t;
struct node_s {
    void *private_data;
    int type;
    const xml_char *name;
    node_t *children;
    node_t *last;
    node_t *parent;
    node_t *next;
    node_t *prev;
    void *doc;
    void *ns;
    xml_char *content;
    attribute_t *properties;
};

struct attribute_s {
    void *private_data;
    int type;
    const xml_char *name;
    node_t *children;
    node_t *last;
    node_t *parent;
    attribute_t *next;
    attribute_t *prev;
    void *doc;
    void *ns;
};

enum {
    ELEMENT_NODE = 1,
    TEXT_NODE = 3,
    CDATA_SECTION_NODE = 4,
    DOCUMENT_NODE = 9,
    HTML_DOCUMENT_NODE = 13,
};

/* lxml's public element structure (lxml/includes/etree.h, struct LxmlElement). */
typedef struct {
    PyObject_HEAD
    void *document;
    node_t *node;
    PyObject *tag;
} element_t;

static PyTypeObject *element_type = NULL;

/* -- what each tag is ---------------------------------------------------------- */

enum { OTHER = 0, SKIP, BLOCK, HEADING, BREAK };

#define MAX_NAMES 128
typedef struct {
    char *name;
    int kind;
} name_kind_t;

/* Tag names bucketed by first byte: an element is classified by a few strcmp. */
static name_kind_t names[MAX_NAMES];
static int name_count = 0;
static int bucket_start[257];

/* The marks, as UTF-8 (U+E000 BLOCK, U+E001 KEEP, U+E002 HEAD, U+E006 START). */
static const char MARK_BLOCK[] = "\xee\x80\x80";
static const char MARK_HEAD[] = "\xee\x80\x82";
static const char MARK_START[] = "\xee\x80\x86";

static int
classify(const node_t *node)
{
    const unsigned char *name = node->name;
    int first, i;
    if (name == NULL || node->ns != NULL) {
        /* XSLT's name patterns match only elements in no namespace. */
        return OTHER;
    }
    first = name[0];
    for (i = bucket_start[first]; i < bucket_start[first + 1]; i++) {
        if (strcmp((const char *)name, names[i].name) == 0) {
            return names[i].kind;
        }
    }
    return OTHER;
}

/* -- a growing byte buffer -------------------------------------------------------- */

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} buffer_t;

static int
buffer_add(buffer_t *buffer, const char *bytes, size_t count)
{
    if (count == 0) {
        return 0; /* memcpy to a buffer not yet allocated is undefined, even of nothing */
    }
    if (count > buffer->capacity - buffer->length) {
        size_t wanted = buffer->length + count;
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        char *data;
        while (capacity < wanted) {
            if (capacity > PY_SSIZE_T_MAX / 2) {
                PyErr_NoMemory();
                return -1;
            }
            capacity *= 2;
        }
        data = PyMem_Realloc(buffer->data, capacity);
        if (data == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        buffer->data = data;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, bytes, count);
    buffer->length += count;
    return 0;
}

/* -- step 1: the marked text, as the stylesheet in _html_text writes it ----------- */

static int
open_element(buffer_t *out, int kind)
{
    switch (kind) {
    case BLOCK:
        return buffer_add(out, MARK_START, 3);
    case HEADING:
        if (buffer_add(out, MARK_START, 3) < 0) {
            return -1;
        }
        return buffer_add(out, MARK_HEAD, 3);
    case BREAK:
        return buffer_add(out, MARK_BLOCK, 3);
    default:
        return 0;
    }
}

static int
close_element(buffer_t *out, int kind)
{
    if (kind == BLOCK || kind == HEADING) {
        return buffer_add(out, MARK_BLOCK, 3);
    }
    return 0;
}

static int
write_marked(buffer_t *out, node_t *top)
{
    node_t *node = top;
    for (;;) {
        int kind = OTHER;
        int descend = 0;
        if (node->type == ELEMENT_NODE) {
            kind = classify(node);
            if (open_element(out, kind) < 0) {
                return -1;
            }
            /* Skipped elements and <br> write nothing of what they hold. */
            descend = kind != SKIP && kind != BREAK;
        }
        else if (node->type == TEXT_NODE || node->type == CDATA_SECTION_NODE) {
            if (node->content != NULL
                && buffer_add(out, (const char *)node->content,
                              strlen((const char *)node->content)) < 0) {
                return -1;
            }
        }
        if (descend && node->children != NULL) {
            node = node->children;
            continue;
        }
        if (descend && close_element(out, kind) < 0) {
            return -1;
        }
        while (node != top && node->next == NULL) {
            node = node->parent;
            if (node == NULL) {
                PyErr_SetString(PyExc_ValueError, "the tree has a node without a parent");
                return -1;
            }
            if (close_element(out, classify(node)) < 0) {
                return -1;
            }
        }
        if (node == top) {
            return 0;
        }
        node = node->next;
    }
}

/* -- step 2: cut the marked text into lines, as _html_text.lines does ------------- */

/* Whether the bytes at p (before end) are the mark U+E000 + n. */
static inline int
is_mark(const unsigned char *p, const unsigned char *end, unsigned char n)
{
    return end - p >= 3 && p[0] == 0xee && p[1] == 0x80 && p[2] == (unsigned char)(0x80 + n);
}

/* The next code point at *p (advancing it); -1 for bytes that are not UTF-8. */
static long
next_code_point(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned char lead = s[0];
    int extra, i;
    long value;
    if (lead < 0x80) {
        *p = s + 1;
        return lead;
    }
    if (lead >= 0xf0) {
        extra = 3;
        value = lead & 0x07;
    }
    else if (lead >= 0xe0) {
        extra = 2;
        value = lead & 0x0f;
    }
    else if (lead >= 0xc0) {
        extra = 1;
        value = lead & 0x1f;
    }
    else {
        *p = s + 1;
        return -1;
    }
    if (end - s <= extra) {
        *p = end;
        return -1;
    }
    for (i = 1; i <= extra; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *p = s + 1;
            return -1;
        }
        value = (value << 6) | (s[i] & 0x3f);
    }
    *p = s + extra + 1;
    return value;
}

/* str.isspace() of the UTF-8 text in [p, end). */
static int
is_space(const unsigned char *p, const unsigned char *end)
{
    if (p == end) {
        return 0;
    }
    while (p < end) {
        long ch = next_code_point(&p, end);
        if (ch < 0 || !Py_UNICODE_ISSPACE((Py_UCS4)ch)) {
            return 0;
        }
    }
    return 1;
}

/* Whether [p, end) is one or more of space, tab, form feed and no-break space. */
static int
is_typed_spaces(const unsigned char *p, const unsigned char *end)
{
    if (p == end) {
        return 0;
    }
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\f') {
            p++;
        }
        else if (end - p >= 2 && p[0] == 0xc2 && p[1] == 0xa0) {
            p += 2;
        }
        else {
            return 0;
        }
    }
    return 1;
}

static inline int
is_layout_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

/* The next no-break space (C2 A0) in [p, end), or NULL. */
static const unsigned char *
find_nbsp(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        const unsigned char *lead = memchr(p, 0xc2, (size_t)(end - p));
        if (lead == NULL || end - lead < 2) {
            return NULL;
        }
        if (lead[1] == 0xa0) {
            return lead;
        }
        p = lead + 1;
    }
    return NULL;
}

/* Add [p, end) to out with each no-break space written as a space. */
static int
add_text(buffer_t *out, const unsigned char *p, const unsigned char *end)
{
    const unsigned char *nbsp;
    while ((nbsp = find_nbsp(p, end)) != NULL) {
        if (buffer_add(out, (const char *)p, (size_t)(nbsp - p)) < 0
            || buffer_add(out, " ", 1) < 0) {
            return -1;
        }
        p = nbsp + 2;
    }
    return buffer_add(out, (const char *)p, (size_t)(end - p));
}

/* The line of a segment that holds a line break: see _html_text._layout. */
static int
add_laid_out(buffer_t *out, const unsigned char *p, const unsigned char *end)
{
    const unsigned char *part = p;
    int first = 1, written = 0;
    if (is_mark(p, end, 2)) {
        if (buffer_add(out, MARK_HEAD, 3) < 0) {
            return -1;
        }
        part = p + 3;
    }
    for (;;) {
        const unsigned char *stop = part, *left = part, *right;
        while (stop < end && *stop != '\n' && *stop != '\r') {
            stop++;
        }
        right = stop;
        /* The first part keeps its leading spaces, the last its trailing ones. */
        if (!first) {
            while (left < right && is_layout_space(*left)) {
                left++;
            }
        }
        if (stop < end) {
            while (right > left && is_layout_space(right[-1])) {
                right--;
            }
        }
        if (right > left) {
            if (written && buffer_add(out, " ", 1) < 0) {
                return -1;
            }
            if (add_text(out, left, right) < 0) {
                return -1;
            }
            written = 1;
        }
        if (stop >= end) {
            return 0;
        }
        first = 0;
        part = stop + 1;
    }
}

static int
append_line(PyObject *lines, buffer_t *scratch, const unsigned char *p, const unsigned char *end,
            int keep)
{
    size_t length = (size_t)(end - p);
    const char *text = (const char *)p;
    PyObject *line;
    int broken = !keep && (memchr(p, '\n', length) != NULL || memchr(p, '\r', length) != NULL);
    if (broken || find_nbsp(p, end) != NULL) {
        /* Most lines are written as they stand: only these go through scratch. */
        scratch->length = 0;
        if ((broken ? add_laid_out(scratch, p, end) : add_text(scratch, p, end)) < 0) {
            return -1;
        }
        text = scratch->data ? scratch->data : "";
        length = scratch->length;
    }
    line = PyUnicode_DecodeUTF8(text, (Py_ssize_t)length, "strict");
    if (line == NULL) {
        return -1;
    }
    if (PyList_Append(lines, line) < 0) {
        Py_DECREF(line);
        return -1;
    }
    Py_DECREF(line);
    return 0;
}

static int
cut_lines(PyObject *lines, const unsigned char *text, size_t length)
{
    const unsigned char *end, *start, *p;
    int opened = 0; /* the segment follows an opening mark (START) */
    buffer_t scratch = {NULL, 0, 0};
    int status = 0;
    if (length == 0) {
        return 0; /* no text (and text may be NULL: no arithmetic on it) */
    }
    end = text + length;
    start = p = text;
    for (;;) {
        const unsigned char *mark = p;
        int is_start = 0;
        while (mark < end) {
            mark = memchr(mark, 0xee, (size_t)(end - mark));
            if (mark == NULL) {
                mark = end;
                break;
            }
            if (is_mark(mark, end, 0)) {
                break;
            }
            if (is_mark(mark, end, 6)) {
                is_start = 1;
                break;
            }
            mark++;
        }
        if (mark > start) {
            /* A block of typed spaces only (opened, closed by a BLOCK) is a line. */
            int keep = opened && mark < end && !is_start && is_typed_spaces(start, mark);
            if (keep || !is_space(start, mark)) {
                if (append_line(lines, &scratch, start, mark, keep) < 0) {
                    status = -1;
                    break;
                }
            }
        }
        if (mark >= end) {
            break;
        }
        opened = is_start;
        start = p = mark + 3;
    }
    PyMem_Free(scratch.data);
    return status;
}

/* -- a survey of the tree, and end tags in the source, for the reader's checks ------ */

#define MAX_COUNTED 8

/* The UTF-8 of a sequence of names (they live as long as *fast, which the
   caller releases, also on an error); their number, or -1. */
static Py_ssize_t
read_names(PyObject *sequence, PyObject **fast, const char **wanted, Py_ssize_t *lengths,
           const char *who)
{
    Py_ssize_t count, i;
    *fast = PySequence_Fast(sequence, "names must be a sequence");
    if (*fast == NULL) {
        return -1;
    }
    count = PySequence_Fast_GET_SIZE(*fast);
    if (count > MAX_COUNTED) {
        PyErr_Format(PyExc_ValueError, "%s() counts at most %d names", who, MAX_COUNTED);
        return -1;
    }
    for (i = 0; i < count; i++) {
        wanted[i] = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(*fast, i), &lengths[i]);
        if (wanted[i] == NULL) {
            return -1;
        }
    }
    return count;
}

/* A tuple of the counts. */
static PyObject *
counts_tuple(const Py_ssize_t *found, Py_ssize_t count)
{
    PyObject *counts = PyTuple_New(count);
    Py_ssize_t i;
    if (counts == NULL) {
        return NULL;
    }
    for (i = 0; i < count; i++) {
        PyObject *number = PyLong_FromSsize_t(found[i]);
        if (number == NULL) {
            Py_DECREF(counts);
            return NULL;
        }
        PyTuple_SET_ITEM(counts, i, number);
    }
    return counts;
}

/* The value of an attribute (its text children), as a str. */
static PyObject *
attribute_value(const attribute_t *attribute)
{
    buffer_t value = {NULL, 0, 0};
    const node_t *child;
    PyObject *text;
    for (child = attribute->children; child != NULL; child = child->next) {
        if (child->content != NULL
            && buffer_add(&value, (const char *)child->content,
                          strlen((const char *)child->content)) < 0) {
            PyMem_Free(value.data);
            return NULL;
        }
    }
    text = PyUnicode_DecodeUTF8(value.data ? value.data : "", (Py_ssize_t)value.length,
                                "strict");
    PyMem_Free(value.data);
    return text;
}

/*
 * survey(element, names) -> (counts, hidden, styles): how many elements
 * (the element and all inside it) bear each of the names; whether any has
 * a hidden attribute; the values of every style attribute.  One walk in C,
 * where the reader otherwise ran an XPath query for each.
 */
static PyObject *
survey(PyObject *module, PyObject *args)
{
    PyObject *argument, *names_argument, *fast = NULL, *styles = NULL, *counts = NULL;
    PyObject *result = NULL;
    const char *wanted[MAX_COUNTED];
    Py_ssize_t lengths[MAX_COUNTED], found[MAX_COUNTED] = {0};
    Py_ssize_t wanted_count, i;
    int hidden = 0;
    node_t *top, *node;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO", &argument, &names_argument)) {
        return NULL;
    }
    if (element_type == NULL || !PyObject_TypeCheck(argument, element_type)) {
        PyErr_SetString(PyExc_TypeError, "survey() takes an lxml element");
        return NULL;
    }
    top = ((element_t *)argument)->node;
    if (top == NULL || top->type != ELEMENT_NODE) {
        PyErr_SetString(PyExc_ValueError, "survey() takes an element of a tree");
        return NULL;
    }
    wanted_count = read_names(names_argument, &fast, wanted, lengths, "survey");
    if (wanted_count < 0) {
        goto done;
    }
    styles = PyList_New(0);
    if (styles == NULL) {
        goto done;
    }
    node = top;
    for (;;) {
        if (node->type == ELEMENT_NODE) {
            const attribute_t *attribute;
            if (node->name != NULL) {
                for (i = 0; i < wanted_count; i++) {
                    if (strcmp((const char *)node->name, wanted[i]) == 0) {
                        found[i]++;
                    }
                }
            }
            for (attribute = node->properties; attribute != NULL; attribute = attribute->next) {
                if (attribute->name == NULL || attribute->ns != NULL) {
                    continue;
                }
                if (strcmp((const char *)attribute->name, "hidden") == 0) {
                    hidden = 1;
                }
                else if (strcmp((const char *)attribute->name, "style") == 0) {
                    PyObject *value = attribute_value(attribute);
                    if (value == NULL || PyList_Append(styles, value) < 0) {
                        Py_XDECREF(value);
                        goto done;
                    }
                    Py_DECREF(value);
                }
            }
            if (node->children != NULL) {
                node = node->children;
                continue;
            }
        }
        while (node != top && node->next == NULL) {
            node = node->parent;
            if (node == NULL) {
                PyErr_SetString(PyExc_ValueError, "the tree has a node without a parent");
                goto done;
            }
        }
        if (node == top) {
            break;
        }
        node = node->next;
    }
    counts = counts_tuple(found, wanted_count);
    if (counts != NULL) {
        result = Py_BuildValue("(OOO)", counts, hidden ? Py_True : Py_False, styles);
    }
done:
    Py_XDECREF(counts);
    Py_XDECREF(styles);
    Py_XDECREF(fast);
    return result;
}

/*
 * count_end_tags(source, names) -> counts: how many times "</name>" is
 * written in the bytes, for each name (bytes.count of each, in one pass:
 * the scan stops only at a "<").
 */
static PyObject *
count_end_tags(PyObject *module, PyObject *args)
{
    Py_buffer source;
    PyObject *names_argument, *fast = NULL, *counts = NULL;
    const char *wanted[MAX_COUNTED];
    Py_ssize_t lengths[MAX_COUNTED], found[MAX_COUNTED] = {0};
    Py_ssize_t wanted_count, i;
    const unsigned char *p, *end;
    (void)module;
    if (!PyArg_ParseTuple(args, "y*O", &source, &names_argument)) {
        return NULL;
    }
    wanted_count = read_names(names_argument, &fast, wanted, lengths, "count_end_tags");
    if (wanted_count < 0) {
        goto done;
    }
    p = source.buf;
    end = p + source.len;
    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (end - p > 2 && p[1] == '/') {
            for (i = 0; i < wanted_count; i++) {
                Py_ssize_t length = lengths[i];
                if (end - p >= length + 3 && memcmp(p + 2, wanted[i], (size_t)length) == 0
                    && p[2 + length] == '>') {
                    found[i]++;
                    break;
                }
            }
        }
        p++;
    }
    counts = counts_tuple(found, wanted_count);
done:
    Py_XDECREF(fast);
    PyBuffer_Release(&source);
    return counts;
}

/* -- what the page's bytes hold that the reader must see to ------------------------ */

enum {
    SCAN_NOT_UTF8 = 1,     /* not valid UTF-8 (then nothing else is told) */
    SCAN_MARKERS = 2,      /* U+E000 to U+E007, the reader's marks */
    SCAN_CONTROLS = 4,     /* bytes 0-8, 11, 12, 14-31 */
    SCAN_NONCHARACTERS = 8, /* U+FFFE, U+FFFF */
    SCAN_REFERENCES = 16,  /* &#...; to a mark or to a control character */
};

/* Whether a character reference's number names a mark or a control character. */
static int
is_suspect_number(unsigned long value)
{
    return value <= 8 || value == 11 || value == 12 || (value >= 14 && value <= 31)
           || (value >= 0xe000 && value <= 0xe007) || value == 0xfffe || value == 0xffff;
}

/* The reference at p ("&#" seen): whether its number is suspect. */
static int
is_suspect_reference(const unsigned char *p, const unsigned char *end)
{
    unsigned long value = 0;
    int digits = 0;
    p += 2;
    if (p < end && (*p == 'x' || *p == 'X')) {
        for (p++; p < end; p++, digits++) {
            int value_of_digit;
            if (*p >= '0' && *p <= '9') {
                value_of_digit = *p - '0';
            }
            else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f') {
                value_of_digit = (*p | 0x20) - 'a' + 10;
            }
            else {
                break;
            }
            /* Saturate: a longer number names nothing suspect. */
            value = value > 0xffffff ? value : value * 16 + (unsigned long)value_of_digit;
        }
    }
    else {
        for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
            value = value > 0xffffff ? value : value * 10 + (unsigned long)(*p - '0');
        }
    }
    return digits > 0 && is_suspect_number(value);
}

/*
 * scan(data) -> flags: one pass over the page's bytes that tells whether
 * they are UTF-8 (as Python's strict decoder does) and which of the
 * reader's fix-ups they need.  In Python this was a decode, a translate
 * and three searches, each a pass of its own.
 */
static PyObject *
scan(PyObject *module, PyObject *argument)
{
    Py_buffer data;
    const unsigned char *p, *end;
    long flags = 0;
    (void)module;
    if (PyObject_GetBuffer(argument, &data, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    p = data.buf;
    end = p + data.len;
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            /* Eight bytes at a time while they are plain ASCII text: no byte
               with its high bit set, none below a space, no ampersand. */
            while (end - p >= 8) {
                uint64_t word, amp;
                memcpy(&word, p, 8);
                amp = word ^ 0x2626262626262626ULL;
                if (((word | ((word - 0x2020202020202020ULL) & ~word)
                      | ((amp - 0x0101010101010101ULL) & ~amp))
                     & 0x8080808080808080ULL)
                    != 0) {
                    break;
                }
                p += 8;
            }
            if (p >= end) {
                break;
            }
            c = *p;
            if (c >= 0x80) {
                continue;
            }
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    flags |= SCAN_CONTROLS;
                }
            }
            else if (c == '&' && end - p > 1 && p[1] == '#' && is_suspect_reference(p, end)) {
                flags |= SCAN_REFERENCES;
            }
            p++;
        }
        else if (c < 0xc2) {
            flags = SCAN_NOT_UTF8;
            break;
        }
        else if (c < 0xe0) {
            if (end - p < 2 || (p[1] & 0xc0) != 0x80) {
                flags = SCAN_NOT_UTF8;
                break;
            }
            p += 2;
        }
        else if (c < 0xf0) {
            unsigned long value;
            if (end - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80
                || (c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)) {
                /* Overlong, or a surrogate. */
                flags = SCAN_NOT_UTF8;
                break;
            }
            value = ((unsigned long)(c & 0x0f) << 12) | ((unsigned long)(p[1] & 0x3f) << 6)
                    | (unsigned long)(p[2] & 0x3f);
            if (value >= 0xe000 && value <= 0xe007) {
                flags |= SCAN_MARKERS;
            }
            else if (value == 0xfffe || value == 0xffff) {
                flags |= SCAN_NONCHARACTERS;
            }
            p += 3;
        }
        else if (c < 0xf5) {
            if (end - p < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80
                || (p[3] & 0xc0) != 0x80 || (c == 0xf0 && p[1] < 0x90)
                || (c == 0xf4 && p[1] >= 0x90)) {
                /* Overlong, or beyond U+10FFFF. */
                flags = SCAN_NOT_UTF8;
                break;
            }
            p += 4;
        }
        else {
            flags = SCAN_NOT_UTF8;
            break;
        }
    }
    PyBuffer_Release(&data);
    return PyLong_FromLong(flags);
}

/* -- the elements prepare() works on, with each link sorted ----------------------- */

/* The element above node (lxml's getparent()): NULL at the top of the tree. */
static node_t *
parent_element(const node_t *node)
{
    node_t *parent = node->parent;
    return parent != NULL && parent->type == ELEMENT_NODE ? parent : NULL;
}


/* lxml's C API: a proxy (an lxml element) for a node of a document. */
typedef PyObject *(*element_factory_t)(void *document, node_t *node);
static element_factory_t element_factory = NULL;

#define MAX_PATTERNS 64
static char *audio_suffixes[MAX_PATTERNS];
static int audio_suffix_count = 0;
static char *chrome_markers[MAX_PATTERNS];
static int chrome_marker_count = 0;

enum { LINK_OTHER = 0, LINK_AUDIO = 1, LINK_CHROME = 2, LINK_UNSURE = 3, LINK_AUDIO_RENAMED = 4 };

/* The text of a node's attribute, or NULL (nothing written) when it has none. */
static int
attribute_bytes(const node_t *node, const char *name, buffer_t *value, int *present)
{
    const attribute_t *attribute;
    *present = 0;
    value->length = 0;
    for (attribute = node->properties; attribute != NULL; attribute = attribute->next) {
        const node_t *child;
        if (attribute->name == NULL || attribute->ns != NULL
            || strcmp((const char *)attribute->name, name) != 0) {
            continue;
        }
        *present = 1;
        for (child = attribute->children; child != NULL; child = child->next) {
            if (child->content != NULL
                && buffer_add(value, (const char *)child->content,
                              strlen((const char *)child->content)) < 0) {
                return -1;
            }
        }
        return 0;
    }
    return 0;
}

static int
is_ascii_space(unsigned char c)
{
    /* str.isspace() of an ASCII character. */
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static int
ends_with(const char *text, size_t length, const char *suffix)
{
    size_t count = strlen(suffix);
    return count <= length && memcmp(text + length - count, suffix, count) == 0;
}

/* Whether needle (count bytes) stands in text (length bytes): memmem, which
   not every C library has; addresses and markers are short. */
static int
contains(const char *text, size_t length, const char *needle, size_t count)
{
    const char *p = text, *end;
    if (count == 0 || count > length) {
        return count == 0;
    }
    end = text + (length - count);
    while (p <= end && (p = memchr(p, needle[0], (size_t)(end - p) + 1)) != NULL) {
        if (memcmp(p, needle, count) == 0) {
            return 1;
        }
        p++;
    }
    return 0;
}

/* What a link is, from its address (ASCII; lowered in place). */
static int
sort_link(char *href, size_t length)
{
    size_t i, path;
    int k;
    for (i = 0; i < length; i++) {
        if (href[i] >= 'A' && href[i] <= 'Z') {
            href[i] = (char)(href[i] + 32);
        }
    }
    /* The path: before the first "?", and within it before the first "#". */
    for (path = 0; path < length && href[path] != '?'; path++) {
    }
    for (i = 0; i < path && href[i] != '#'; i++) {
    }
    path = i;
    for (k = 0; k < audio_suffix_count; k++) {
        if (ends_with(href, path, audio_suffixes[k])) {
            return LINK_AUDIO;
        }
    }
    for (k = 0; k < chrome_marker_count; k++) {
        size_t count = strlen(chrome_markers[k]);
        if (contains(href, length, chrome_markers[k], count)) {
            return LINK_CHROME;
        }
    }
    return LINK_OTHER;
}

static int
append_new(PyObject *list, PyObject *item)
{
    int status;
    if (item == NULL) {
        return -1;
    }
    status = PyList_Append(list, item);
    Py_DECREF(item);
    return status;
}

static PyObject *
proxy(void *document, node_t *node)
{
    PyObject *element = element_factory(document, node);
    if (element == NULL && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "lxml made no element for a node");
    }
    return element;
}

/*
 * One <a>: its (element, kind, href) to items, unless it has no address.
 * With chrome_name (the document's own interned "button"), an audio or
 * chrome link is renamed here, as prepare() renames it, and no element is
 * made for it: an audio link's item is then (its parent, 4, href), and a
 * chrome link has none.  A node that already has an lxml element is left
 * to Python (lxml keeps the tag in the element: a rename here would not
 * show there).
 */
static int
collect_link(PyObject *items, void *document, node_t *node, buffer_t *value,
             const xml_char *chrome_name, buffer_t *renamed)
{
    int present, kind = LINK_UNSURE;
    size_t start = 0, end, i;
    PyObject *element, *href, *item;
    if (attribute_bytes(node, "href", value, &present) < 0) {
        return -1;
    }
    if (!present || value->length == 0) {
        return 0; /* no address: not a link prepare() looks at */
    }
    end = value->length;
    for (i = 0; i < value->length && (unsigned char)value->data[i] < 0x80; i++) {
    }
    if (i == value->length) {
        /* ASCII: stripped and sorted here, as str.strip() and prepare() do. */
        while (start < end && is_ascii_space((unsigned char)value->data[start])) {
            start++;
        }
        while (end > start && is_ascii_space((unsigned char)value->data[end - 1])) {
            end--;
        }
        href = PyUnicode_DecodeASCII(value->data + start, (Py_ssize_t)(end - start), "strict");
        if (href == NULL) {
            return -1;
        }
        kind = sort_link(value->data + start, end - start);
    }
    else {
        href = PyUnicode_DecodeUTF8(value->data, (Py_ssize_t)value->length, "strict");
        if (href == NULL) {
            return -1;
        }
    }
    if (chrome_name != NULL && node->private_data == NULL
        && (kind == LINK_AUDIO || kind == LINK_CHROME)) {
        node_t *parent = parent_element(node);
        /* Renamed once the walk is over: the walk goes on as if it were not. */
        if (buffer_add(renamed, (const char *)&node, sizeof(node)) < 0) {
            Py_DECREF(href);
            return -1;
        }
        if (kind == LINK_CHROME || parent == NULL) {
            Py_DECREF(href);
            return 0;
        }
        element = proxy(document, parent);
        kind = LINK_AUDIO_RENAMED;
    }
    else {
        element = proxy(document, node);
    }
    if (element == NULL) {
        Py_DECREF(href);
        return -1;
    }
    item = Py_BuildValue("(NiN)", element, kind, href);
    return append_new(items, item);
}

/*
 * collect(element) -> (links, images, times, media, boxes): in document
 * order, every <a> with an address that sits in no chrome (element, kind,
 * href); every <img> with a src (element, src); every <time>; every
 * <audio> and <video>; every <nav> and <aside>.  What prepare() found with
 * element.iter() and sorted in Python, link by link.  kind 1 is an audio
 * file, 2 a share or comment link, 0 neither (href stripped), 3 not told
 * here (an address that is not ASCII: href as written).
 */
static PyObject *
collect(PyObject *module, PyObject *args)
{
    PyObject *argument, *chrome_argument = Py_None;
    const xml_char *chrome_name = NULL;
    element_t *top_element;
    node_t *top, *node;
    void *document;
    PyObject *links = NULL, *images = NULL, *times = NULL, *media = NULL, *boxes = NULL;
    PyObject *result = NULL;
    buffer_t value = {NULL, 0, 0}, renamed = {NULL, 0, 0};
    long chrome_depth = 0;
    (void)module;
    if (element_type == NULL || element_factory == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "collect() needs setup() and lxml's element factory");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O|O", &argument, &chrome_argument)) {
        return NULL;
    }
    if (!PyObject_TypeCheck(argument, element_type)) {
        PyErr_SetString(PyExc_TypeError, "collect() takes an lxml element");
        return NULL;
    }
    top_element = (element_t *)argument;
    if (chrome_argument != Py_None) {
        /* An element of the same document named "button": its name is the
           document's interned string, which a node may take as its own
           (as xmlNodeSetName does); libxml2 never frees an interned name.
           (lxml gives every document a dictionary of names; without one,
           the two nodes would share a string that each would free.) */
        node_t *chrome;
        if (!PyObject_TypeCheck(chrome_argument, element_type)
            || (chrome = ((element_t *)chrome_argument)->node) == NULL
            || top_element->node == NULL || chrome->doc != top_element->node->doc
            || chrome->type != ELEMENT_NODE || chrome->ns != NULL || chrome->name == NULL
            || strcmp((const char *)chrome->name, "button") != 0) {
            PyErr_SetString(PyExc_ValueError,
                            "collect() renames to a <button> element of the same document");
            return NULL;
        }
        chrome_name = chrome->name;
    }
    top = top_element->node;
    document = top_element->document;
    if (top == NULL || top->type != ELEMENT_NODE || document == NULL) {
        PyErr_SetString(PyExc_ValueError, "collect() takes an element of a tree");
        return NULL;
    }
    links = PyList_New(0);
    images = PyList_New(0);
    times = PyList_New(0);
    media = PyList_New(0);
    boxes = PyList_New(0);
    if (links == NULL || images == NULL || times == NULL || media == NULL || boxes == NULL) {
        goto done;
    }
    node = top;
    for (;;) {
        int skip = 0;
        if (node->type == ELEMENT_NODE && node->name != NULL && node->ns == NULL) {
            const char *name = (const char *)node->name;
            skip = classify(node) == SKIP;
            if (name[0] == 'a' && name[1] == '\0') {
                if (chrome_depth == 0
                    && collect_link(links, document, node, &value, chrome_name, &renamed) < 0) {
                    goto done;
                }
            }
            else if (strcmp(name, "img") == 0) {
                int present;
                if (attribute_bytes(node, "src", &value, &present) < 0) {
                    goto done;
                }
                if (present && value.length > 0) {
                    PyObject *element = proxy(document, node);
                    PyObject *src;
                    if (element == NULL) {
                        goto done;
                    }
                    src = PyUnicode_DecodeUTF8(value.data, (Py_ssize_t)value.length, "strict");
                    if (src == NULL) {
                        Py_DECREF(element);
                        goto done;
                    }
                    if (append_new(images, Py_BuildValue("(NN)", element, src)) < 0) {
                        goto done;
                    }
                }
            }
            else if (strcmp(name, "time") == 0) {
                if (append_new(times, proxy(document, node)) < 0) {
                    goto done;
                }
            }
            else if (strcmp(name, "audio") == 0 || strcmp(name, "video") == 0) {
                if (append_new(media, proxy(document, node)) < 0) {
                    goto done;
                }
            }
            else if (strcmp(name, "nav") == 0 || strcmp(name, "aside") == 0) {
                if (append_new(boxes, proxy(document, node)) < 0) {
                    goto done;
                }
            }
        }
        if (node->type == ELEMENT_NODE && node->children != NULL) {
            /* Links inside chrome (a skipped element) are no episode's. */
            chrome_depth += skip;
            node = node->children;
            continue;
        }
        while (node != top && node->next == NULL) {
            node = node->parent;
            if (node == NULL) {
                PyErr_SetString(PyExc_ValueError, "the tree has a node without a parent");
                goto done;
            }
            if (node->type == ELEMENT_NODE && node->ns == NULL && classify(node) == SKIP) {
                chrome_depth--;
            }
        }
        if (node == top) {
            break;
        }
        node = node->next;
    }
    result = PyTuple_Pack(5, links, images, times, media, boxes);
    if (result != NULL) {
        size_t k;
        for (k = 0; k + sizeof(node_t *) <= renamed.length; k += sizeof(node_t *)) {
            node_t *link;
            memcpy(&link, renamed.data + k, sizeof(link));
            link->name = chrome_name;
        }
    }
done:
    PyMem_Free(value.data);
    PyMem_Free(renamed.data);
    Py_XDECREF(links);
    Py_XDECREF(images);
    Py_XDECREF(times);
    Py_XDECREF(media);
    Py_XDECREF(boxes);
    return result;
}

static int
store_patterns(PyObject *sequence, char **patterns, int *count)
{
    PyObject *fast = PySequence_Fast(sequence, "patterns must be a sequence");
    Py_ssize_t i, size;
    if (fast == NULL) {
        return -1;
    }
    for (i = 0; i < *count; i++) {
        PyMem_Free(patterns[i]);
    }
    *count = 0;
    size = PySequence_Fast_GET_SIZE(fast);
    for (i = 0; i < size; i++) {
        Py_ssize_t length;
        const char *text = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(fast, i), &length);
        char *copy;
        if (text == NULL) {
            Py_DECREF(fast);
            return -1;
        }
        if (*count >= MAX_PATTERNS || length == 0 || (size_t)length != strlen(text)) {
            Py_DECREF(fast);
            PyErr_SetString(PyExc_ValueError, "too many patterns, or an empty one");
            return -1;
        }
        for (Py_ssize_t j = 0; j < length; j++) {
            if ((unsigned char)text[j] >= 0x80 || (text[j] >= 'A' && text[j] <= 'Z')) {
                Py_DECREF(fast);
                PyErr_SetString(PyExc_ValueError, "patterns are lowercase ASCII");
                return -1;
            }
        }
        copy = PyMem_Malloc((size_t)length + 1);
        if (copy == NULL) {
            Py_DECREF(fast);
            PyErr_NoMemory();
            return -1;
        }
        memcpy(copy, text, (size_t)length + 1);
        patterns[(*count)++] = copy;
    }
    Py_DECREF(fast);
    return 0;
}

/* setup_links(element_factory_capsule, audio_suffixes, chrome_markers) */
static PyObject *
setup_links(PyObject *module, PyObject *args)
{
    PyObject *capsule, *suffixes, *markers;
    void *pointer;
    (void)module;
    if (!PyArg_ParseTuple(args, "OOO", &capsule, &suffixes, &markers)) {
        return NULL;
    }
    if (!PyCapsule_CheckExact(capsule)) {
        PyErr_SetString(PyExc_TypeError, "setup_links() takes lxml's elementFactory capsule");
        return NULL;
    }
    /* lxml names each function's capsule after its C signature. */
    pointer = PyCapsule_GetPointer(capsule,
                                   "struct LxmlElement *(struct LxmlDocument *, xmlNode *)");
    if (pointer == NULL) {
        return NULL;
    }
    if (store_patterns(suffixes, audio_suffixes, &audio_suffix_count) < 0
        || store_patterns(markers, chrome_markers, &chrome_marker_count) < 0) {
        return NULL;
    }
    element_factory = (element_factory_t)pointer;
    Py_RETURN_NONE;
}

/* -- which element around each episode link is the episode's ---------------------- */

/* A map from nodes to slugs (borrowed str objects), open addressing. */
typedef struct {
    node_t **keys;
    PyObject **values;
    size_t capacity; /* a power of two */
    size_t count;
} node_map_t;

/* The value of a node whose subtree holds links with different slugs. */
static PyObject conflict_value;
#define CONFLICT (&conflict_value)

static size_t
node_hash(const node_t *node)
{
    uintptr_t key = (uintptr_t)node;
    key ^= key >> 17;
    key *= (uintptr_t)0x9e3779b97f4a7c15ULL;
    return (size_t)(key ^ (key >> 29));
}

static int
map_grow(node_map_t *map)
{
    size_t capacity = map->capacity ? map->capacity * 2 : 256, i;
    node_t **keys = PyMem_Calloc(capacity, sizeof(node_t *));
    PyObject **values = PyMem_Calloc(capacity, sizeof(PyObject *));
    if (keys == NULL || values == NULL) {
        PyMem_Free(keys);
        PyMem_Free(values);
        PyErr_NoMemory();
        return -1;
    }
    for (i = 0; i < map->capacity; i++) {
        if (map->keys[i] != NULL) {
            size_t slot = node_hash(map->keys[i]) & (capacity - 1);
            while (keys[slot] != NULL) {
                slot = (slot + 1) & (capacity - 1);
            }
            keys[slot] = map->keys[i];
            values[slot] = map->values[i];
        }
    }
    PyMem_Free(map->keys);
    PyMem_Free(map->values);
    map->keys = keys;
    map->values = values;
    map->capacity = capacity;
    return 0;
}

/* The slot of node: where it is, or where it would go. */
static size_t
map_slot(const node_map_t *map, const node_t *node)
{
    size_t slot = node_hash(node) & (map->capacity - 1);
    while (map->keys[slot] != NULL && map->keys[slot] != node) {
        slot = (slot + 1) & (map->capacity - 1);
    }
    return slot;
}

static PyObject *
map_get(const node_map_t *map, const node_t *node)
{
    size_t slot;
    if (map->capacity == 0) {
        return NULL;
    }
    slot = map_slot(map, node);
    return map->keys[slot] == node ? map->values[slot] : NULL;
}

static int
map_set(node_map_t *map, node_t *node, PyObject *value)
{
    size_t slot;
    if ((map->count + 1) * 2 > map->capacity && map_grow(map) < 0) {
        return -1;
    }
    slot = map_slot(map, node);
    if (map->keys[slot] == NULL) {
        map->keys[slot] = node;
        map->count++;
    }
    map->values[slot] = value;
    return 0;
}

static void
map_free(node_map_t *map)
{
    PyMem_Free(map->keys);
    PyMem_Free(map->values);
}

/* Whether two slugs are the same (-1: an error). */
static int
same_slug(PyObject *a, PyObject *b)
{
    if (a == b) {
        return 1;
    }
    if (a == CONFLICT || b == CONFLICT || a == NULL || b == NULL) {
        return 0;
    }
    return PyObject_RichCompareBool(a, b, Py_EQ);
}

/*
 * episode_elements(body, links) -> [(element, slug)]: for each episode
 * link (element, slug), the largest element around it below body whose
 * links all name that slug; in the order of the links, each once, and
 * only those the text walk writes (none inside chrome or inside another).
 * See paperledge._html._containers, which did this in Python.
 */
static PyObject *
episode_elements(PyObject *module, PyObject *args)
{
    PyObject *body_object, *links_argument, *links = NULL, *result = NULL;
    node_map_t slugs = {NULL, NULL, 0, 0}, found = {NULL, NULL, 0, 0};
    node_t **order = NULL;
    PyObject **order_slugs = NULL;
    Py_ssize_t link_count, i, found_count = 0;
    node_t *body;
    void *document;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO", &body_object, &links_argument)) {
        return NULL;
    }
    if (element_type == NULL || element_factory == NULL
        || !PyObject_TypeCheck(body_object, element_type)) {
        PyErr_SetString(PyExc_TypeError, "episode_elements() takes an lxml element");
        return NULL;
    }
    body = ((element_t *)body_object)->node;
    document = ((element_t *)body_object)->document;
    if (body == NULL || document == NULL) {
        PyErr_SetString(PyExc_ValueError, "episode_elements() takes an element of a tree");
        return NULL;
    }
    /* A tuple of its own: the pairs and slugs stay alive whatever the caller's list does. */
    links = PySequence_Tuple(links_argument);
    if (links == NULL) {
        return NULL;
    }
    link_count = PyTuple_GET_SIZE(links);
    order = PyMem_Calloc((size_t)link_count + 1, sizeof(node_t *));
    order_slugs = PyMem_Calloc((size_t)link_count + 1, sizeof(PyObject *));
    if (order == NULL || order_slugs == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* Each link's slug goes up to the top; a node that sees two slugs is a conflict. */
    for (i = 0; i < link_count; i++) {
        PyObject *pair = PyTuple_GET_ITEM(links, i), *slug;
        node_t *node;
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2
            || !PyObject_TypeCheck(PyTuple_GET_ITEM(pair, 0), element_type)
            || !PyUnicode_CheckExact(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "links are (element, slug) pairs");
            goto done;
        }
        slug = PyTuple_GET_ITEM(pair, 1);
        for (node = ((element_t *)PyTuple_GET_ITEM(pair, 0))->node; node != NULL;
             node = parent_element(node)) {
            PyObject *known = map_get(&slugs, node);
            int same;
            if (known == NULL) {
                if (map_set(&slugs, node, slug) < 0) {
                    goto done;
                }
                continue;
            }
            if (known == CONFLICT) {
                break;
            }
            same = same_slug(known, slug);
            if (same < 0) {
                goto done;
            }
            if (same) {
                break;
            }
            if (map_set(&slugs, node, CONFLICT) < 0) {
                goto done;
            }
        }
    }
    /* From each link, up while the parent (below body) holds only its slug. */
    for (i = 0; i < link_count; i++) {
        PyObject *pair = PyTuple_GET_ITEM(links, i);
        PyObject *slug = PyTuple_GET_ITEM(pair, 1);
        node_t *node = ((element_t *)PyTuple_GET_ITEM(pair, 0))->node;
        node_t *parent;
        if (node == NULL) {
            continue; /* an element of no tree: nothing around it */
        }
        parent = parent_element(node);
        while (parent != NULL && parent != body) {
            int same = same_slug(map_get(&slugs, parent), slug);
            if (same < 0) {
                goto done;
            }
            if (!same) {
                break;
            }
            node = parent;
            parent = parent_element(parent);
        }
        if (map_get(&found, node) == NULL) {
            if (map_set(&found, node, slug) < 0) {
                goto done;
            }
            order[found_count] = node;
            order_slugs[found_count] = slug;
            found_count++;
        }
    }
    result = PyList_New(0);
    if (result == NULL) {
        goto done;
    }
    /* Kept: those below body, in no chrome and in no other episode element. */
    for (i = 0; i < found_count; i++) {
        node_t *element = order[i], *node = element;
        while (node != NULL && node != body) {
            if (node->type == ELEMENT_NODE && classify(node) == SKIP) {
                break;
            }
            if (node != element && map_get(&found, node) != NULL) {
                break;
            }
            node = parent_element(node);
        }
        if (node == body) {
            PyObject *proxy_object = proxy(document, element);
            if (proxy_object == NULL) {
                Py_CLEAR(result);
                goto done;
            }
            if (append_new(result, Py_BuildValue("(NO)", proxy_object, order_slugs[i])) < 0) {
                Py_CLEAR(result);
                goto done;
            }
        }
    }
done:
    map_free(&slugs);
    map_free(&found);
    PyMem_Free(order);
    PyMem_Free(order_slugs);
    Py_DECREF(links);
    return result;
}

/*
 * owners(elements, containers) -> [int]: for each element, the index of the
 * nearest of containers that holds it (the element itself included), or -1.
 */
static PyObject *
owners(PyObject *module, PyObject *args)
{
    PyObject *elements_argument, *containers_argument, *elements = NULL, *containers = NULL;
    PyObject *result = NULL;
    node_map_t index = {NULL, NULL, 0, 0};
    Py_ssize_t i, count;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO", &elements_argument, &containers_argument)) {
        return NULL;
    }
    if (element_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "paperledge._textwalk.setup() has not run");
        return NULL;
    }
    elements = PySequence_Fast(elements_argument, "elements must be a sequence");
    if (elements == NULL) {
        goto done;
    }
    containers = PySequence_Fast(containers_argument, "containers must be a sequence");
    if (containers == NULL) {
        goto done;
    }
    count = PySequence_Fast_GET_SIZE(containers);
    for (i = 0; i < count; i++) {
        PyObject *container = PySequence_Fast_GET_ITEM(containers, i);
        node_t *node;
        if (!PyObject_TypeCheck(container, element_type)) {
            PyErr_SetString(PyExc_TypeError, "owners() takes lxml elements");
            goto done;
        }
        node = ((element_t *)container)->node;
        /* The map holds index + 1 in place of a pointer (never dereferenced;
           0 would read as absent).  A container listed twice keeps its last
           index, as a dict built in order does. */
        if (node != NULL && map_set(&index, node, (PyObject *)(uintptr_t)(i + 1)) < 0) {
            goto done;
        }
    }
    count = PySequence_Fast_GET_SIZE(elements);
    result = PyList_New(count);
    if (result == NULL) {
        goto done;
    }
    for (i = 0; i < count; i++) {
        PyObject *element = PySequence_Fast_GET_ITEM(elements, i), *number;
        node_t *node;
        Py_ssize_t owner = -1;
        if (!PyObject_TypeCheck(element, element_type)) {
            PyErr_SetString(PyExc_TypeError, "owners() takes lxml elements");
            Py_CLEAR(result);
            goto done;
        }
        for (node = ((element_t *)element)->node; node != NULL; node = parent_element(node)) {
            PyObject *found = map_get(&index, node);
            if (found != NULL) {
                owner = (Py_ssize_t)(uintptr_t)found - 1;
                break;
            }
        }
        number = PyLong_FromSsize_t(owner);
        if (number == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, number);
    }
done:
    map_free(&index);
    Py_XDECREF(elements);
    Py_XDECREF(containers);
    return result;
}

/* -- the module --------------------------------------------------------------------- */

static PyObject *
text_lines(PyObject *module, PyObject *argument)
{
    element_t *element;
    buffer_t marked = {NULL, 0, 0};
    PyObject *lines;
    (void)module;
    if (element_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "paperledge._textwalk.setup() has not run");
        return NULL;
    }
    if (!PyObject_TypeCheck(argument, element_type)) {
        PyErr_SetString(PyExc_TypeError, "text_lines() takes an lxml element");
        return NULL;
    }
    element = (element_t *)argument;
    if (element->node == NULL || element->node->type != ELEMENT_NODE) {
        PyErr_SetString(PyExc_ValueError, "text_lines() takes an element of a tree");
        return NULL;
    }
    if (element->node->parent != NULL
        && (element->node->parent->type == DOCUMENT_NODE
            || element->node->parent->type == HTML_DOCUMENT_NODE)) {
        /* The root element: lxml gives XSLT the whole document then, and
           the stylesheet writes every node at its top (a broken page can
           leave text and elements after the root element closes). */
        node_t *top;
        for (top = element->node->parent->children; top != NULL; top = top->next) {
            if (write_marked(&marked, top) < 0) {
                PyMem_Free(marked.data);
                return NULL;
            }
        }
    }
    else if (write_marked(&marked, element->node) < 0) {
        PyMem_Free(marked.data);
        return NULL;
    }
    lines = PyList_New(0);
    if (lines != NULL && cut_lines(lines, (const unsigned char *)marked.data, marked.length) < 0) {
        Py_CLEAR(lines);
    }
    PyMem_Free(marked.data);
    return lines;
}

static int
add_names(PyObject *sequence, int kind)
{
    PyObject *fast = PySequence_Fast(sequence, "tag names must be a sequence");
    Py_ssize_t i, count;
    if (fast == NULL) {
        return -1;
    }
    count = PySequence_Fast_GET_SIZE(fast);
    for (i = 0; i < count; i++) {
        const char *name = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(fast, i));
        char *copy;
        if (name == NULL) {
            Py_DECREF(fast);
            return -1;
        }
        if (name_count >= MAX_NAMES || name[0] == '\0') {
            Py_DECREF(fast);
            PyErr_SetString(PyExc_ValueError, "too many tag names, or an empty one");
            return -1;
        }
        copy = PyMem_Malloc(strlen(name) + 1);
        if (copy == NULL) {
            Py_DECREF(fast);
            PyErr_NoMemory();
            return -1;
        }
        strcpy(copy, name);
        names[name_count].name = copy;
        names[name_count].kind = kind;
        name_count++;
    }
    Py_DECREF(fast);
    return 0;
}

static int
by_first_byte(const void *a, const void *b)
{
    const name_kind_t *x = a, *y = b;
    return (int)(unsigned char)x->name[0] - (int)(unsigned char)y->name[0];
}

static PyObject *
setup(PyObject *module, PyObject *args)
{
    PyObject *type, *skip, *blocks, *headings, *breaks;
    int i, first;
    (void)module;
    PyObject *lxml_etree, *lxml_element;
    int is_element_class;
    if (!PyArg_ParseTuple(args, "O!OOOO", &PyType_Type, &type, &skip, &blocks, &headings,
                          &breaks)) {
        return NULL;
    }
    /* The structure this module reads is lxml's element's: nothing else will do. */
    lxml_etree = PyImport_ImportModule("lxml.etree");
    if (lxml_etree == NULL) {
        return NULL;
    }
    lxml_element = PyObject_GetAttrString(lxml_etree, "_Element");
    Py_DECREF(lxml_etree);
    if (lxml_element == NULL) {
        return NULL;
    }
    is_element_class = PyType_Check(lxml_element)
                       && PyType_IsSubtype((PyTypeObject *)type, (PyTypeObject *)lxml_element)
                       && ((PyTypeObject *)type)->tp_basicsize >= (Py_ssize_t)sizeof(element_t);
    Py_DECREF(lxml_element);
    if (!is_element_class) {
        PyErr_SetString(PyExc_TypeError, "setup() takes lxml.etree._Element (or a subclass)");
        return NULL;
    }
    /* Until the new names are in, no name is known (never a freed one). */
    for (i = 0; i < name_count; i++) {
        PyMem_Free(names[i].name);
    }
    name_count = 0;
    memset(bucket_start, 0, sizeof(bucket_start));
    if (add_names(skip, SKIP) < 0 || add_names(blocks, BLOCK) < 0
        || add_names(headings, HEADING) < 0 || add_names(breaks, BREAK) < 0) {
        for (i = 0; i < name_count; i++) {
            PyMem_Free(names[i].name);
        }
        name_count = 0;
        return NULL;
    }
    qsort(names, (size_t)name_count, sizeof(name_kind_t), by_first_byte);
    for (first = 0, i = 0; first <= 256; first++) {
        while (i < name_count && (unsigned char)names[i].name[0] < first) {
            i++;
        }
        bucket_start[first] = i;
    }
    Py_INCREF(type);
    Py_XDECREF((PyObject *)element_type);
    element_type = (PyTypeObject *)type;
    Py_RETURN_NONE;
}

static PyObject *
node_name(PyObject *module, PyObject *argument)
{
    element_t *element = (element_t *)argument;
    (void)module;
    if (element_type == NULL || !PyObject_TypeCheck(argument, element_type)) {
        PyErr_SetString(PyExc_TypeError, "node_name() takes an lxml element");
        return NULL;
    }
    if (element->node == NULL || element->node->name == NULL) {
        Py_RETURN_NONE;
    }
    return PyUnicode_FromString((const char *)element->node->name);
}

static PyMethodDef methods[] = {
    {"text_lines", text_lines, METH_O,
     "text_lines(element) -> list[str]: the element's text cut into lines."},
    {"setup", setup, METH_VARARGS,
     "setup(element_type, skip, blocks, headings, breaks): the element class and tag names."},
    {"survey", survey, METH_VARARGS,
     "survey(element, names) -> (counts, hidden, styles): elements by name, hiding attributes."},
    {"count_end_tags", count_end_tags, METH_VARARGS,
     "count_end_tags(source, names) -> counts: how often each </name> is written."},
    {"scan", scan, METH_O,
     "scan(data) -> flags: whether the bytes are UTF-8, and which fix-ups they need."},
    {"collect", collect, METH_VARARGS,
     "collect(element, chrome=None) -> (links, images, times, media, boxes): what prepare() "
     "works on; with chrome (a <button> of the document), audio and chrome links renamed."},
    {"setup_links", setup_links, METH_VARARGS,
     "setup_links(element_factory, audio_suffixes, chrome_markers): for collect()."},
    {"episode_elements", episode_elements, METH_VARARGS,
     "episode_elements(body, links) -> [(element, slug)]: the element of each episode."},
    {"owners", owners, METH_VARARGS,
     "owners(elements, containers) -> [int]: the nearest container of each element, or -1."},
    {"node_name", node_name, METH_O,
     "node_name(element) -> str | None: the tag libxml2 holds (a check of the layout)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "paperledge._textwalk",
    "The visible text of an lxml element as lines, in C (see paperledge._html_text).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__textwalk(void)
{
    return PyModule_Create(&module_definition);
}
