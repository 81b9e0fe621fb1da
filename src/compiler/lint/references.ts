/**
 * The works several rules cite, written once so a title or an address is corrected in one place.
 * A rule cites a section with `at`: `deepLearningBook('§8.4 Parameter Initialization Strategies', 'optimization')`.
 */
import type { Reference } from './rule.js';

/** Goodfellow, Bengio & Courville's book, one section; `chapter` is the page it is on. */
export function deepLearningBook(section: string, chapter: 'mlp' | 'optimization' | 'regularization'): Reference {
  return { title: `Goodfellow, Bengio & Courville 2016, Deep Learning, ${section}`, url: `https://www.deeplearningbook.org/contents/${chapter}.html` };
}

/** Srivastava et al.'s dropout paper, optionally one table or section of it. */
export function dropoutPaper(section?: string): Reference {
  return { title: `Srivastava et al. 2014, Dropout: A Simple Way to Prevent Neural Networks from Overfitting, JMLR 15${section ? `, ${section}` : ''}`, url: 'https://jmlr.org/papers/v15/srivastava14a.html' };
}

/** Ioffe & Szegedy's batch normalization paper, optionally one section of it. */
export function batchNormPaper(section?: string): Reference {
  return { title: `Ioffe & Szegedy 2015, Batch Normalization, ICML${section ? `, ${section}` : ''}`, url: 'https://arxiv.org/abs/1502.03167' };
}

export const heInitialization: Reference = { title: 'He, Zhang, Ren & Sun 2015, Delving Deep into Rectifiers, ICCV', url: 'https://arxiv.org/abs/1502.01852' };

export const glorotInitialization: Reference = {
  title: 'Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks, AISTATS',
  url: 'https://proceedings.mlr.press/v9/glorot10a.html',
};

export const decoupledWeightDecay: Reference = { title: 'Loshchilov & Hutter 2019, Decoupled Weight Decay Regularization, ICLR', url: 'https://arxiv.org/abs/1711.05101' };

export const l2AndDropoutStudy: Reference = {
  title: 'mlpc study: does L2 + dropout help? (the question\'s 784-1024-10 net at 500 / 2,000 / 8,000 MNIST digits)',
  url: 'docs/l2-and-dropout.md',
};
