#include "derivation.h"

#include <QString>

// The derivation's markup (derivation.h) rendered as HTML and as LaTeX.

namespace lgm {

namespace {

enum class Target { Html, Latex };

bool isAsciiLetter(QChar ch) {
    return (ch >= u'a' && ch <= u'z') || (ch >= u'A' && ch <= u'Z');
}

QString latexOf(QChar ch) {
    switch (ch.unicode()) {
    case u'Ψ':
        return QStringLiteral("\\Psi ");
    case u'·':
        return QStringLiteral(" \\cdot ");
    case u'×':
        return QStringLiteral(" \\times ");
    case u'≈':
        return QStringLiteral(" \\approx ");
    case u'≠':
        return QStringLiteral(" \\neq ");
    case u'⇒':
        return QStringLiteral(" \\Rightarrow ");
    case u'−':
        return QStringLiteral("-");
    case u'√':
        return QStringLiteral("\\sqrt");
    case u'%':
        return QStringLiteral("\\%");
    case u'ᵀ':
        return QStringLiteral("^{T}");
    }
    return QString(ch);
}

QString htmlOf(QChar ch) {
    switch (ch.unicode()) {
    case u'<':
        return QStringLiteral("&lt;");
    case u'>':
        return QStringLiteral("&gt;");
    case u'&':
        return QStringLiteral("&amp;");
    }
    return QString(ch);
}

// Renders markup from position i up to the closing brace of the current group (or the end).
QString render(const QString& m, qsizetype& i, Target target) {
    QString out;
    while (i < m.size()) {
        const QChar ch = m[i];
        if (ch == u'}') {
            ++i;
            return out;
        }
        if ((ch == u'^' || ch == u'_') && i + 1 < m.size() && m[i + 1] == u'{') {
            i += 2;
            const QString inner = render(m, i, target);
            if (target == Target::Html) {
                out += ch == u'^' ? QStringLiteral("<sup>%1</sup>").arg(inner)
                                  : QStringLiteral("<sub>%1</sub>").arg(inner);
            } else {
                out += QStringLiteral("%1{%2}").arg(ch, inner);
            }
            continue;
        }
        if (ch == u'\\') {
            qsizetype end = i + 1;
            while (end < m.size() && isAsciiLetter(m[end])) {
                ++end;
            }
            const QString word = m.mid(i + 1, end - i - 1);
            out += target == Target::Html ? word : QStringLiteral("\\mathrm{%1}").arg(word);
            i = end;
            continue;
        }
        if (ch == u',' && target == Target::Latex && i > 0 && m[i - 1].isDigit() &&
            i + 1 < m.size() && m[i + 1].isDigit()) {
            out += QStringLiteral("{,}");
        } else if (isAsciiLetter(ch) && target == Target::Html) {
            out += QStringLiteral("<i>%1</i>").arg(ch);
        } else if (ch == u'√' && target == Target::Latex && i + 1 < m.size() && m[i + 1] == u'(') {
            // √(x) becomes \sqrt{x}: find the matching parenthesis.
            qsizetype depth = 0, end = i + 1;
            for (; end < m.size(); ++end) {
                depth += m[end] == u'(' ? 1 : m[end] == u')' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            const QString inside = m.mid(i + 2, end - i - 2);
            qsizetype j = 0;
            out += QStringLiteral("\\sqrt{%1}").arg(render(inside, j, target));
            i = end + 1;
            continue;
        } else {
            out += target == Target::Html ? htmlOf(ch) : latexOf(ch);
        }
        ++i;
    }
    return out;
}

QString lineMath(const DerivationLine& line, Target target) {
    qsizetype i = 0;
    QString math = render(line.symbolic, i, target);
    if (!line.substituted.isEmpty()) {
        i = 0;
        math += QStringLiteral(" = ") + render(line.substituted, i, target);
    }
    return math;
}

} // namespace

QString markupToHtml(const QString& markup) {
    qsizetype i = 0;
    return render(markup, i, Target::Html);
}

QString markupToLatex(const QString& markup) {
    qsizetype i = 0;
    return render(markup, i, Target::Latex);
}

QString derivationHtml(const std::vector<DerivationStep>& steps) {
    QString html;
    for (const DerivationStep& step : steps) {
        html += QStringLiteral("<h3>%1</h3>").arg(step.title.toHtmlEscaped());
        for (const DerivationLine& line : step.lines) {
            html += QStringLiteral("<p>%1<br/>&nbsp;&nbsp;%2 = <b>%3</b></p>")
                        .arg(line.label.toHtmlEscaped(), lineMath(line, Target::Html),
                             line.result.toHtmlEscaped());
        }
        if (!step.note.isEmpty()) {
            html += QStringLiteral("<p><i>%1</i></p>").arg(step.note.toHtmlEscaped());
        }
    }
    return html;
}

QString derivationMarkdown(const std::vector<DerivationStep>& steps) {
    QString md;
    for (const DerivationStep& step : steps) {
        md += QStringLiteral("### %1\n\n").arg(step.title);
        for (const DerivationLine& line : step.lines) {
            md += QStringLiteral("- %1: $%2$ = **%3**\n")
                      .arg(line.label, lineMath(line, Target::Latex), line.result);
        }
        if (!step.note.isEmpty()) {
            md += QStringLiteral("\n%1\n").arg(step.note);
        }
        md += QLatin1Char('\n');
    }
    return md;
}

} // namespace lgm
