/**
 * The company's knowledge base: the help articles of a folder (`KNOWLEDGE_DIR`,
 * default the demo company's `knowledge/`), indexed at start and searched per
 * question. In development the folder is watched and re-indexed when a file
 * changes, so an article writer sees an edit in the next answer.
 */
import { watch, type FSWatcher } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Article } from './knowledge/article.ts';
import { loadKnowledge, type LoadedKnowledge } from './knowledge/load.ts';
import { DEFAULT_THRESHOLD, retrieve, type RelevanceThreshold, type Retrieval, type RetrievalQuery } from './knowledge/retrieve.ts';
import { KnowledgeIndex } from './knowledge/search-index.ts';

/** The demo company's articles, shipped with the project. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../knowledge/', import.meta.url));

/** The part of a logger the knowledge base uses. */
export interface KnowledgeLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

export interface KnowledgeBaseOptions {
  dir?: string;
  /** Re-index when a file in the folder changes (development). */
  watch?: boolean;
  threshold?: RelevanceThreshold;
  logger?: KnowledgeLogger;
}

export class KnowledgeBase {
  readonly dir: string;
  readonly threshold: RelevanceThreshold;
  private loaded!: LoadedKnowledge;
  private built!: KnowledgeIndex;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KnowledgeBaseOptions = {}) {
    this.dir = options.dir ?? DEFAULT_KNOWLEDGE_DIR;
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.reload();
    if (options.watch) this.startWatching();
  }

  /** The index in use (replaced whole on a reload, so a search never sees half an index). */
  get index(): KnowledgeIndex {
    return this.built;
  }

  get articles(): readonly Article[] {
    return this.loaded.articles;
  }

  /** Reads the folder again and swaps the index; files that are not valid articles are logged and left out. */
  reload(): LoadedKnowledge {
    const loaded = loadKnowledge(this.dir);
    this.loaded = loaded;
    this.built = new KnowledgeIndex(loaded.articles);
    for (const problem of loaded.problems) this.options.logger?.warn({ file: problem.file }, `knowledge article skipped: ${problem.message}`);
    return loaded;
  }

  retrieve(query: RetrievalQuery): Retrieval {
    return retrieve(this.built, query, this.threshold);
  }

  /**
   * A short question that leaves its topic out ("how many days do I have for that?" after a return),
   * answered from the articles that `topic` (words naming the conversation's topic) finds: there, one
   * of the question's words is enough.
   */
  retrieveOnTopic(query: RetrievalQuery, topic: string): Retrieval {
    const articles = new Set(retrieve(this.built, { ...query, question: topic }, this.threshold).sources.map((source) => source.article.id));
    const lenient = { ...this.threshold, minCoverage: 0, minMatched: 1 };
    return retrieve(this.built, query, lenient, 1, (id) => articles.has(id));
  }

  /**
   * Whether an article answers the question clearly (most of its words, well
   * above the threshold): the router then takes it as a policy question even
   * when the intent model, trained on the demo domain, placed it elsewhere.
   */
  answersClearly(query: RetrievalQuery): boolean {
    const strict = { minCoverage: Math.max(0.75, this.threshold.minCoverage), minMatched: Math.max(2, this.threshold.minMatched), minScore: this.threshold.minScore * 2 };
    return retrieve(this.built, query, strict, 1).sources.length > 0;
  }

  private startWatching(): void {
    try {
      this.watcher = watch(this.dir, { recursive: true }, () => {
        // Editors write a file in several steps: index once they are done.
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          try {
            const loaded = this.reload();
            this.options.logger?.info({ articles: loaded.articles.length, sections: this.built.size }, 'knowledge base re-indexed');
          } catch (error) {
            this.options.logger?.warn({ err: (error as Error).message }, 'knowledge base not re-indexed; the previous index stays');
          }
        }, 150);
        this.timer.unref();
      });
      this.watcher.unref();
      this.watcher.on('error', () => this.close());
    } catch (error) {
      this.options.logger?.warn({ err: (error as Error).message }, 'knowledge folder cannot be watched; restart to pick up changes');
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

const shared = new Map<string, KnowledgeBase>();

/** One unwatched knowledge base per folder, shared by the assistants of a process that did not get their own (tests, evals). */
export function sharedKnowledgeBase(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  let base = shared.get(dir);
  if (!base) {
    base = new KnowledgeBase({ dir });
    shared.set(dir, base);
  }
  return base;
}
