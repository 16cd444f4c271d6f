// The parts of a parsed Interview that fixtures pin down.
import type { Interview } from '../../src/content/model.js';

/** The parts of an Interview a fixture pins down, in a form that reads well as JSON. */
export function outline(interview: Interview) {
  return {
    meta: interview.meta,
    headline: interview.headline,
    lede: interview.lede,
    sections: interview.sections.map((section) => ({
      slug: section.slug,
      title: section.title,
      questions: section.questions.map((question) => ({
        id: question.id,
        question: question.text,
        answer: question.answer,
      })),
    })),
    credit: interview.credit,
  };
}
